"""Shared helpers: phase timers (wall + process CPU incl. reaped children),
peak RSS (getrusage) and a sampler of the summed RSS of the whole process tree."""
import json
import os
import resource
import threading
import time


def _cpu():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "self_cpu_s": s.ru_utime + s.ru_stime,
        "children_cpu_s": c.ru_utime + c.ru_stime,
        "self_maxrss_mb": s.ru_maxrss / 1024,
        "children_maxrss_mb": c.ru_maxrss / 1024,
    }


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


class TreeRSS(threading.Thread):
    """Every 0.1 s, sums VmRSS over this process and all its descendants."""

    def __init__(self, interval=0.1):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self.stop_flag = False

    @staticmethod
    def _children(pid):
        out = []
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(x) for x in f.read().split()]
        except OSError:
            pass
        return out

    def sample(self):
        total, stack = 0, [os.getpid()]
        while stack:
            pid = stack.pop()
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                continue
            stack += self._children(pid)
        self.peak_kb = max(self.peak_kb, total)

    def run(self):
        while not self.stop_flag:
            self.sample()
            time.sleep(self.interval)


class Bench:
    def __init__(self, name, out_path):
        self.name = name
        self.out_path = out_path
        self.t0 = time.perf_counter()
        self.c0 = _cpu()
        self.phases = {}
        self.info = {"loadavg_start": loadavg()}
        self.rss = TreeRSS()
        self.rss.start()

    def phase(self, label):
        bench = self

        class _P:
            def __enter__(self):
                self.t = time.perf_counter()
                self.c = _cpu()
                return self

            def __exit__(self, *exc):
                t, c = time.perf_counter(), _cpu()
                bench.phases[label] = {
                    "wall_s": round(t - self.t, 3),
                    "cpu_s": round(
                        (c["self_cpu_s"] - self.c["self_cpu_s"])
                        + (c["children_cpu_s"] - self.c["children_cpu_s"]),
                        3,
                    ),
                    "self_maxrss_mb_so_far": round(c["self_maxrss_mb"], 1),
                    "tree_rss_peak_mb_so_far": round(bench.rss.peak_kb / 1024, 1),
                }
                print(f"[{bench.name}] {label}: {bench.phases[label]}", flush=True)

        return _P()

    def finish(self, **extra):
        self.rss.sample()
        self.rss.stop_flag = True
        c = _cpu()
        self.info.update(extra)
        self.info["loadavg_end"] = loadavg()
        self.info["in_process_total"] = {
            "wall_s_since_bench_start": round(time.perf_counter() - self.t0, 3),
            "self_cpu_s": round(c["self_cpu_s"], 3),
            "children_cpu_s_reaped": round(c["children_cpu_s"], 3),
            "self_maxrss_mb": round(c["self_maxrss_mb"], 1),
            "largest_reaped_child_maxrss_mb": round(c["children_maxrss_mb"], 1),
            "tree_rss_peak_mb_sampled": round(self.rss.peak_kb / 1024, 1),
        }
        out = {"name": self.name, "phases": self.phases, "info": self.info}
        with open(self.out_path, "w") as f:
            json.dump(out, f, indent=1)
        print(json.dumps(out, indent=1), flush=True)
