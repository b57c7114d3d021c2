"""Write pytorch-reference.safetensors: PyTorch/PyHealth outputs and gradients for the NeuralNet tests.

Run with torch, pyhealth and safetensors installed:  python make_pytorch_reference.py
Each module gets PyTorch's own initialisation (seeded), a random input and a random projection R of its
output. The file stores the parameters, the input, the outputs and the gradients of sum(output * R).
"""
from importlib.metadata import version

import torch
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from pyhealth.models.transformer import TransformerBlock

torch.manual_seed(2024)
tensors = {}


def store(prefix, module, inputs, outputs, projections):
    for name, value in module.state_dict().items():
        tensors[f"{prefix}.param.{name}"] = value.detach().clone()
    for name, value in inputs.items():
        tensors[f"{prefix}.{name}"] = value.detach().clone()
    loss = sum((output * projections[name]).sum() for name, output in outputs.items())
    loss.backward()
    for name, value in outputs.items():
        tensors[f"{prefix}.{name}"] = value.detach().clone()
        tensors[f"{prefix}.projection.{name}"] = projections[name]
    for name, parameter in module.named_parameters():
        tensors[f"{prefix}.grad.{name}"] = parameter.grad.detach().clone()
    tensors[f"{prefix}.grad.x"] = inputs["x"].grad.detach().clone()


# Transformer block in evaluation mode. The projection is zero at padding positions, whose outputs
# differ between PyHealth versions; PyHealth's Transformer reads only real positions.
block = TransformerBlock(8, 2, 0.5).eval()
with torch.no_grad():
    for name, parameter in block.named_parameters():
        if "norm" in name:
            parameter.uniform_(0.5, 1.5)
x = torch.randn(3, 5, 8, requires_grad=True)
mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]], dtype=torch.float32)
y = block(x, torch.einsum("ab,ac->abc", mask, mask))
store("transformer", block, {"x": x, "mask": mask}, {"y": y}, {"y": torch.randn(3, 5, 8) * mask[..., None]})

# Recurrent layers over a packed batch with lengths 5, 2 and 3.
lengths = torch.tensor([5, 2, 3])
for prefix, rnn in [
    ("gru", torch.nn.GRU(4, 3, num_layers=2, bidirectional=True, batch_first=True)),
    ("lstm", torch.nn.LSTM(4, 3, batch_first=True)),
]:
    x = torch.randn(3, 5, 4, requires_grad=True)
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, hidden = rnn(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=5)
    h_n = hidden[0] if prefix == "lstm" else hidden
    directions = 2 if rnn.bidirectional else 1
    last = torch.cat([h_n[-directions + i] for i in range(directions)], dim=1)
    store(prefix, rnn, {"x": x, "lengths": lengths.float()}, {"outputs": out, "last": last},
          {"outputs": torch.randn(out.shape), "last": torch.randn(last.shape)})

save_file(tensors, "pytorch-reference.safetensors",
          metadata={"torch": torch.__version__, "pyhealth": version("pyhealth")})
print(len(tensors), "tensors written")
