"""The packaged app's entry point: main.py's command line, with the spawn workers a frozen app needs."""
import multiprocessing
import sys

if __name__ == "__main__":
    # PDF text extraction and page rendering run in spawned worker processes; in a frozen app each
    # worker is this executable started again, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    from main import main
    sys.exit(main())
