import sys

from tqdm import tqdm


def progress_bar(total, desc, verbosity=1, unit="item"):
    """The progress bar every long management command shows (on stderr; off at -v 0)."""
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=verbosity == 0, dynamic_ncols=True)
