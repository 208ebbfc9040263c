"""``crm-desktop`` / ``python -m crm_desktop``: the app, or a headless command.

The headless commands (``cli``) are imported only when one is named (or ``--help`` asked for):
they import most of the domain, which starting the window does not need.
"""

from __future__ import annotations

import argparse
import os
import sys

from crm_desktop import __version__, logsetup, paths

HELP = ("-h", "--help")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without ``commands``, only the options for starting the window."""
    parser = argparse.ArgumentParser(
        prog="crm-desktop", description="CRM Desktop: an offline-first desktop CRM."
    )
    parser.add_argument("--data-dir", help="keep everything in this folder")
    parser.add_argument(
        "--demo", action="store_true", help="use a separate demo database (filled on first use)"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--smoke",
        nargs="?",
        const="check",
        choices=("check", "start"),
        help="check that this build works, on an empty --data-dir, and exit (see smoke.py)",
    )
    if commands:
        from crm_desktop import cli

        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        cli.add_commands(subparsers)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The parsed command line; ``command`` is None when the window is wanted."""
    argv = sys.argv[1:] if argv is None else argv
    if not any(arg in HELP for arg in argv):
        args, rest = build_parser(commands=False).parse_known_args(argv)
        if not rest:  # no command named: the cli is not needed
            args.command = None
            return args
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.smoke:
        from crm_desktop import smoke  # imports Qt only when it runs

        return smoke.run(args.data_dir, args.smoke)
    data = paths.resolve(args.data_dir, demo=args.demo)
    try:
        data.ensure()
    except PermissionError as exc:
        print(f"crm-desktop: {exc}", file=sys.stderr)
        return 2
    logsetup.configure(data.log_file)
    if args.command:
        from crm_desktop import cli

        try:
            status = cli.run(args.command, args, data)
            sys.stdout.flush()  # a reader that has gone (`| head`) shows here, not at exit
        except BrokenPipeError:
            _stdout_to_nowhere()
            return 1
        return status
    from crm_desktop.app import run_app  # Qt is imported only when the window is wanted

    return run_app(data, demo_mode=args.demo)


def _stdout_to_nowhere() -> None:
    """Point stdout at the null device once its reader has gone, as Python's documentation
    advises (signal module, "Note on SIGPIPE"): what is still buffered would otherwise fail
    again at exit, with an "Exception ignored" message."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
