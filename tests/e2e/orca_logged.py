#!/usr/bin/python3
"""Runs Orca (/usr/bin/orca) with its debug log written line by line, for
tests/e2e/harness.mjs's startOrca: Orca opens the --debug-file with Python's
default block buffering, so the last utterances would sit in memory while the
test reads the file. Usage: orca_logged.py LOG ORCA-ARGS...
"""
import builtins
import runpy
import sys

LOG = sys.argv[1]
_open = builtins.open


def _open_log_line_buffered(file, mode='r', buffering=-1, *args, **kwargs):
    if file == LOG and 'w' in mode:
        buffering = 1
    return _open(file, mode, buffering, *args, **kwargs)


builtins.open = _open_log_line_buffered
sys.argv = ['orca', '--debug-file', LOG] + sys.argv[2:]
runpy.run_path('/usr/bin/orca', run_name='__main__')
