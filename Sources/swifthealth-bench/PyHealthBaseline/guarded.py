"""Runs a bench script as the main program without making it the main module.
usage: guarded.py SCRIPT.py ARGS...

PyHealth's Dask cluster starts its worker with multiprocessing "spawn", which
re-imports the parent's main module (sys.modules["__main__"]). A script with
top-level imports (the usual layout, and the one in bench*.py) therefore makes
the Dask worker import torch and pyhealth too. Here the script's code runs with
__name__ == "__main__" in its own namespace while sys.modules["__main__"] stays
this small file, so the spawned worker re-imports only this file. Used to
measure how much of the load cost is that re-import."""
import sys

if __name__ == "__main__":
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    with open(script) as f:
        code = compile(f.read(), script, "exec")
    sys.path.insert(0, ".")
    exec(code, {"__name__": "__main__", "__file__": script, "__builtins__": __builtins__})
