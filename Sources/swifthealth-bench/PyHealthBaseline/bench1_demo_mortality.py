"""Measurement 1: whole demo mortality pipeline, one process.
usage: bench1_demo_mortality.py THREADS(1|default) CACHE_DIR OUT.json
The dataset folder comes from the environment variable MIMIC3_ROOT."""
import os
import sys

from benchlib import Bench

threads, cache_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
b = Bench(f"demo_mortality_threads-{threads}", out)

with b.phase("import"):
    import torch
    import pyhealth
    from pyhealth.datasets import MIMIC3Dataset, get_dataloader, split_by_patient
    from pyhealth.models import Transformer
    from pyhealth.tasks import MortalityPredictionMIMIC3
    from pyhealth.trainer import Trainer

if threads != "default":
    torch.set_num_threads(int(threads))


def main():
    with b.phase("dataset_load"):  # constructor + building global_event_df
        ds = MIMIC3Dataset(
            root=os.environ["MIMIC3_ROOT"],
            tables=["diagnoses_icd", "procedures_icd", "prescriptions"],
            cache_dir=cache_dir,
            num_workers=1,
        )
        ds.global_event_df
    with b.phase("set_task"):
        samples = ds.set_task(MortalityPredictionMIMIC3(), num_workers=1)
    with b.phase("split_and_loaders"):
        train, val, test = split_by_patient(samples, [0.8, 0.1, 0.1], seed=42)
        train_dl = get_dataloader(train, batch_size=32, shuffle=True, seed=42)
        val_dl = get_dataloader(val, batch_size=32, shuffle=False)
        test_dl = get_dataloader(test, batch_size=32, shuffle=False)
    with b.phase("model_init"):
        torch.manual_seed(42)
        model = Transformer(dataset=samples)
        trainer = Trainer(model=model, metrics=["pr_auc", "roc_auc"], device="cpu",
                          enable_logging=False)
    with b.phase("train_5_epochs_with_val"):
        trainer.train(train_dataloader=train_dl, val_dataloader=val_dl,
                      epochs=5, monitor="pr_auc")
    with b.phase("test_eval"):
        scores = trainer.evaluate(test_dl)
    b.finish(
        torch=torch.__version__, pyhealth=getattr(pyhealth, "__version__", "?"),
        torch_threads=torch.get_num_threads(),
        torch_interop_threads=torch.get_num_interop_threads(),
        samples=len(samples), train=len(train), val=len(val), test=len(test),
        train_batches=len(train_dl), test_scores={k: float(v) for k, v in scores.items()},
        n_params=sum(p.numel() for p in model.parameters()),
    )


if __name__ == "__main__":
    main()
