"""AdmUnet2d in plain PyTorch, written from the conventions in tests/fixtures/ivid-torch/README.md
(not from IVID's source). Module names match IVID's state_dict, so the same checkpoint loads here,
in IVID and in IVID Studio's C++ engine. Used for timing comparisons and to make test checkpoints."""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULTS = dict(channel_mult=[1, 2, 4, 8], num_classes=None, has_null_class=False, num_groups=32,
                num_heads=1, num_head_channels=-1, dropout=0.0, use_fp16=False)


def load_backbone_args(config_path):
    with open(config_path) as f:
        args = dict(DEFAULTS, **json.load(f)["backbone"]["args"])
    if args["num_classes"] is None:
        args["has_null_class"] = False
    return args


class TimeEncoding(nn.Module):
    def __init__(self, channels):
        super().__init__()
        half = channels // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half))

    def forward(self, t):
        angles = t[:, None] * self.freqs[None, :]
        return torch.cat([torch.cos(angles), torch.sin(angles)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb_dim, groups, dropout, resample=None):
        super().__init__()
        self.in_layers = nn.Sequential(nn.GroupNorm(groups, cin), nn.SiLU(), nn.Conv2d(cin, cout, 3, padding=1))
        self.emb_layers = nn.Sequential(nn.SiLU(), nn.Linear(emb_dim, 2 * cout))
        self.out_layers = nn.Sequential(nn.GroupNorm(groups, cout), nn.SiLU(), nn.Dropout(dropout),
                                        nn.Conv2d(cout, cout, 3, padding=1))
        self.skip_connection = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)
        self.resample = resample

    def _resample(self, x):
        if self.resample == "down":
            return F.avg_pool2d(x, 2, 2)
        if self.resample == "up":
            return F.interpolate(x, scale_factor=2, mode="nearest")
        return x

    def forward(self, x, emb):
        h = self.in_layers[1](self.in_layers[0](x))
        h = self.in_layers[2](self._resample(h))
        x = self._resample(x)
        scale, shift = self.emb_layers(emb)[:, :, None, None].chunk(2, dim=1)
        h = self.out_layers[0](h) * (1 + scale) + shift
        for layer in self.out_layers[1:]:
            h = layer(h)
        return self.skip_connection(x) + h


class Attention(nn.Module):
    def __init__(self, channels, groups, heads):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels)
        self.qkv = nn.Conv1d(channels, 3 * channels, 1)
        self.proj_out = nn.Conv1d(channels, channels, 1)
        self.heads = heads

    def forward(self, x):
        b, c, hh, ww = x.shape
        flat = x.reshape(b, c, -1)
        ch = c // self.heads
        q, k, v = self.qkv(self.norm(flat)).reshape(b * self.heads, 3 * ch, -1).split(ch, dim=1)
        s = ch ** -0.25
        w = torch.softmax(torch.bmm((q * s).transpose(1, 2), k * s), dim=-1)
        a = torch.bmm(v, w.transpose(1, 2)).reshape(b, c, -1)
        return (flat + self.proj_out(a)).reshape(b, c, hh, ww)


class Block(nn.ModuleList):
    def forward(self, h, emb):
        for layer in self:
            h = layer(h, emb) if isinstance(layer, ResBlock) else layer(h)
        return h


class AdmUnet2d(nn.Module):
    def __init__(self, image_size, in_channels, out_channels, model_channels, num_res_blocks,
                 attention_resolutions, channel_mult, num_classes, has_null_class, num_groups,
                 num_heads, num_head_channels, dropout, use_fp16=False):
        super().__init__()
        mc, emb_dim = model_channels, 4 * model_channels
        heads = (lambda c: num_heads) if num_head_channels == -1 else (lambda c: c // num_head_channels)
        res = lambda cin, cout, resample=None: ResBlock(cin, cout, emb_dim, num_groups, dropout, resample)
        att = lambda c: Attention(c, num_groups, heads(c))
        self.has_null_class = has_null_class
        self.time_embed = nn.Sequential(TimeEncoding(mc), nn.Linear(mc, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        if num_classes is not None:
            self.label_emb = nn.Embedding(num_classes, emb_dim)
        ch = channel_mult[0] * mc
        self.input_blocks = nn.ModuleList([Block([nn.Conv2d(in_channels, ch, 3, padding=1)])])
        skips, ds = [ch], image_size
        for level, mult in enumerate(channel_mult):
            for _ in range(num_res_blocks):
                layers = [res(ch, mult * mc)]
                ch = mult * mc
                if ds in attention_resolutions:
                    layers.append(att(ch))
                self.input_blocks.append(Block(layers))
                skips.append(ch)
            if level != len(channel_mult) - 1:
                self.input_blocks.append(Block([res(ch, ch, "down")]))
                skips.append(ch)
                ds //= 2
        self.middle_block = Block([res(ch, ch), att(ch), res(ch, ch)])
        self.output_blocks = nn.ModuleList()
        for level, mult in reversed(list(enumerate(channel_mult))):
            for i in range(num_res_blocks + 1):
                layers = [res(ch + skips.pop(), mult * mc)]
                ch = mult * mc
                if ds in attention_resolutions:
                    layers.append(att(ch))
                if level and i == num_res_blocks:
                    layers.append(res(ch, ch, "up"))
                    ds *= 2
                self.output_blocks.append(Block(layers))
        self.out = nn.Sequential(nn.GroupNorm(num_groups, ch), nn.SiLU(), nn.Conv2d(channel_mult[0] * mc, out_channels, 3, padding=1))

    def forward(self, x, t, classes=None):
        emb = self.time_embed[1:](self.time_embed[0](t))
        if classes is not None:
            valid = classes >= 0
            cls = self.label_emb(classes * valid)
            emb = emb + (cls * valid[:, None] if self.has_null_class else cls)
        hs, h = [], x
        for block in self.input_blocks:
            h = block(h, emb)
            hs.append(h)
        h = self.middle_block(h, emb)
        for block in self.output_blocks:
            h = block(torch.cat([h, hs.pop()], dim=1), emb)
        return self.out(h)


def randomize(model, seed):
    """Seeded random weights: N(0, 1/fan_in) for conv/linear weights, small biases, GroupNorm
    near identity, N(0, 1) class embeddings (nothing zero, so every path matters)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if isinstance(model.get_submodule(name.rsplit(".", 1)[0]), nn.GroupNorm):
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn(p.shape, generator=g))
            elif name == "label_emb.weight":
                p.copy_(torch.randn(p.shape, generator=g))
            elif name.endswith("weight"):
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))
            else:
                p.copy_(0.05 * torch.randn(p.shape, generator=g))
    return model
