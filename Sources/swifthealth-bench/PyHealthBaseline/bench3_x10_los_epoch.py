"""Measurement 3: training epochs on the x10 copy's LengthOfStayPredictionMIMIC3 task.
usage: bench3_x10_los_epoch.py MODEL(transformer|retain) THREADS(1|default) CACHE_DIR OUT.json [EPOCHS=3]

Data loading (dataset build + set_task) is timed separately and excluded from the epoch
figures. The epoch loop is the body of pyhealth.trainer.Trainer.train (Adam lr 1e-3,
weight_decay 0, no grad clipping, zero_grad / forward / backward / step / loss.item()),
written out so each epoch and the time spent waiting for batches can be timed.
The dataset folder comes from the environment variable MIMIC3_ROOT."""
import os
import sys
import time

from benchlib import Bench

model_name, threads, cache_dir, out = sys.argv[1:5]
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
b = Bench(f"x10_los_{model_name}_threads-{threads}", out)

with b.phase("import"):
    import torch
    import pyhealth
    from pyhealth.datasets import MIMIC3Dataset, get_dataloader
    from pyhealth.models import RETAIN, Transformer
    from pyhealth.tasks import LengthOfStayPredictionMIMIC3

if threads != "default":
    torch.set_num_threads(int(threads))


def main():
    with b.phase("data_loading_excluded"):
        ds = MIMIC3Dataset(
            root=os.environ["MIMIC3_ROOT"],
            tables=["diagnoses_icd", "procedures_icd", "prescriptions"],
            cache_dir=cache_dir,
            num_workers=1,
        )
        samples = ds.set_task(LengthOfStayPredictionMIMIC3(), num_workers=1)
    torch.manual_seed(42)
    if model_name == "transformer":
        model = Transformer(dataset=samples, embedding_dim=128, heads=1, num_layers=1)
    else:
        model = RETAIN(dataset=samples, embedding_dim=128)
    model.to("cpu")
    dl = get_dataloader(samples, batch_size=32, shuffle=True, seed=42)
    # Same optimizer set-up as Trainer.train with defaults.
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    param = list(model.named_parameters())
    opt = torch.optim.Adam(
        [
            {"params": [p for n, p in param if not any(nd in n for nd in no_decay)], "weight_decay": 0.0},
            {"params": [p for n, p in param if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
        ],
        lr=1e-3,
    )
    per_epoch = []
    for epoch in range(1, epochs + 1):
        model.zero_grad()
        model.train()
        losses, fetch, nb = [], 0.0, 0
        c0 = time.process_time()
        t0 = time.perf_counter()
        it = iter(dl)
        while True:
            tf = time.perf_counter()
            try:
                data = next(it)
            except StopIteration:
                fetch += time.perf_counter() - tf
                break
            fetch += time.perf_counter() - tf
            output = model(**data)
            loss = output["loss"]
            loss.backward()
            opt.step()
            opt.zero_grad()
            losses.append(loss.item())
            nb += 1
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        per_epoch.append({"epoch": epoch, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                          "batch_fetch_wall_s": round(fetch, 3),
                          "compute_wall_s": round(wall - fetch, 3),
                          "batches": nb, "mean_loss": round(sum(losses) / len(losses), 4)})
        print(per_epoch[-1], flush=True)
    later = per_epoch[1:3]
    avg = lambda k: round(sum(e[k] for e in later) / len(later), 3)
    b.finish(
        torch=torch.__version__, pyhealth=getattr(pyhealth, "__version__", "?"),
        torch_threads=torch.get_num_threads(),
        torch_interop_threads=torch.get_num_interop_threads(),
        model=model_name, n_params=sum(p.numel() for p in model.parameters()),
        samples=len(samples), patients=len(ds.unique_patient_ids), batch_size=32,
        batches_per_epoch=len(dl), epochs=per_epoch,
        avg_epochs_2_3={k: avg(k) for k in ["wall_s", "cpu_s", "batch_fetch_wall_s", "compute_wall_s"]},
    )


if __name__ == "__main__":
    main()
