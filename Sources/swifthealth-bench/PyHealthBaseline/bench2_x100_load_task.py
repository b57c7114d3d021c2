"""Measurement 2: load the x100 copy and run MortalityPredictionMIMIC3 once.
usage: bench2_x100_load_task.py THREADS(1|default) CACHE_DIR OUT.json
The dataset folder comes from the environment variable MIMIC3_ROOT."""
import os
import sys
import time

from benchlib import Bench

threads, cache_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
b = Bench(f"x100_load_task_threads-{threads}", out)

with b.phase("import"):
    import torch
    import pyhealth
    import pyhealth.datasets.base_dataset as bd
    from pyhealth.datasets import MIMIC3Dataset
    from pyhealth.tasks import MortalityPredictionMIMIC3

if threads != "default":
    torch.set_num_threads(int(threads))

# Timing wrappers only (no behaviour change): split set_task into its three stages.
sub = {}


def timed(label, fn):
    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            sub[label] = round(time.perf_counter() - t, 3)
    return wrapper


bd.SampleBuilder.fit = timed("set_task.fit_processors", bd.SampleBuilder.fit)


def main():
    with b.phase("dataset_construct"):
        ds = MIMIC3Dataset(
            root=os.environ["MIMIC3_ROOT"],
            tables=["diagnoses_icd", "procedures_icd", "prescriptions"],
            cache_dir=cache_dir,
            num_workers=1,
        )
    with b.phase("dataset_build_global_event_df"):  # CSV->parquet, join, sort, write (dask)
        ds.global_event_df
    ds._task_transform = timed("set_task.task_transform", ds._task_transform)
    ds._proc_transform = timed("set_task.proc_transform", ds._proc_transform)
    with b.phase("set_task"):
        samples = ds.set_task(MortalityPredictionMIMIC3(), num_workers=1)
    with b.phase("count_patients"):  # not part of load; just for the report
        n_pat = len(ds.unique_patient_ids)
    labels = {}
    for i in range(len(samples)):
        y = int(samples[i]["mortality"].reshape(-1)[0].item())
        labels[y] = labels.get(y, 0) + 1
    b.finish(
        torch=torch.__version__, pyhealth=getattr(pyhealth, "__version__", "?"),
        torch_threads=torch.get_num_threads(), set_task_substages_wall_s=sub,
        patients=n_pat, samples=len(samples), labels=labels,
    )


if __name__ == "__main__":
    main()
