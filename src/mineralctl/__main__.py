"""``python -m mineralctl``."""

from mineralctl.entry import main

if __name__ == "__main__":
    main()
