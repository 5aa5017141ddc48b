"""``python -m mineralctl``."""

from mineralctl.cli import main

if __name__ == "__main__":
    main()
