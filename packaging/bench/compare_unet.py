#!/usr/bin/python3
"""Times the same AdmUnet2d (same config, same weights, same inputs) in Python PyTorch and in
IVID Studio's C++ engine (`ivid bench unet`, its eager reference path and the inference fast path
that sampling uses, each in its own process) and prints all of them and the ratios.

    /usr/bin/python3 packaging/bench/compare_unet.py --config packaging/bench/configs/rgbd64_mc64.json \\
        --threads 2 [--ckpt F.pt] [--batch B] [--size S] [--iters K] [--ivid build/app/ivid] \\
        [--ivid-repo DIR]

With --ivid-repo (a checkout of github.com/JeffreyXiang/ivid) IVID's own AdmUnet2d
(DIR/diffusion/backbones/adm.py) is timed as well, with the same arguments, weights and inputs;
without it only the plain-PyTorch re-statement (adm_unet_torch.py) is.

Without --ckpt, seeded random weights are made in Python and saved to a temporary checkpoint that
both engines load. Run it with Debian's python3-torch (/usr/bin/python3); the C++ side uses the same
PyTorch kernels (Debian's LibTorch), so the comparison measures the engines, not the math libraries."""
import argparse
import json
import statistics
import os
import subprocess
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import adm_unet_torch  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def time_python(net, args, in_channels, has_classes):
    x = torch.randn(args.batch, in_channels, args.size, args.size)
    t = torch.arange(args.batch) * 97 % 1000
    classes = torch.zeros(args.batch, dtype=torch.long) if has_classes else None
    ms = []
    with torch.inference_mode():
        for i in range(args.warmup + args.iters):
            start = time.perf_counter()
            net(x, t, classes).sum().item()
            if i >= args.warmup:
                ms.append(1000 * (time.perf_counter() - start))
    mean = sum(ms) / len(ms)
    return {"ms_per_forward": mean, "ms_per_forward_min": min(ms), "ms_per_forward_median": statistics.median(ms),
            "evals_per_s": 1000 * args.batch / mean}


def load_ivid_module(repo, backbone):
    """IVID's own AdmUnet2d from a checkout, built from the config's backbone arguments."""
    sys.path.insert(0, os.path.abspath(repo))
    try:
        from diffusion.backbones.adm import AdmUnet2d  # noqa: E402 (IVID's code, not ours)
    finally:
        sys.path.pop(0)
    keys = ("image_size", "in_channels", "model_channels", "out_channels", "num_res_blocks", "attention_resolutions",
            "dropout", "channel_mult", "num_classes", "has_null_class", "use_fp16", "num_groups", "num_heads",
            "num_head_channels")
    return AdmUnet2d(**{k: backbone[k] for k in keys if k in backbone})


def time_ivid(args, ckpt, path):
    cmd = [args.ivid, "bench", "unet", "--config", args.config, "--ckpt", ckpt, "--batch", str(args.batch),
           "--size", str(args.size), "--threads", str(args.threads), "--iters", str(args.iters),
           "--warmup", str(args.warmup), "--path", path, "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"compare_unet: {' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", required=True)
    p.add_argument("--ckpt")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--size", type=int, default=0, help="input size (default: the config's image_size)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--iters", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--ivid", default=os.path.join(REPO, "build", "app", "ivid"), help="the ivid executable")
    p.add_argument("--ivid-repo", help="a checkout of IVID: time its own AdmUnet2d too")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    backbone = adm_unet_torch.load_backbone_args(args.config)
    args.size = args.size or backbone["image_size"]
    net = adm_unet_torch.AdmUnet2d(**backbone).eval()
    ivid_net = load_ivid_module(args.ivid_repo, backbone).eval() if args.ivid_repo else None
    has_classes = backbone["num_classes"] is not None
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = args.ckpt
        if ckpt:
            net.load_state_dict(torch.load(ckpt, map_location="cpu"))
        else:
            ckpt = os.path.join(tmp, "random_weights.pt")
            torch.save(adm_unet_torch.randomize(net, seed=0).state_dict(), ckpt)
        if ivid_net is not None:
            ivid_net.load_state_dict(torch.load(ckpt, map_location="cpu"))
        rows = [("ivid C++ eager", time_ivid(args, ckpt, "eager")), ("ivid C++ fast", time_ivid(args, ckpt, "fast"))]
        rows.insert(0, ("python restated", time_python(net, args, backbone["in_channels"], has_classes)))
        if ivid_net is not None:
            rows.insert(0, ("IVID AdmUnet2d", time_python(ivid_net, args, backbone["in_channels"], has_classes)))

    params = sum(q.numel() for q in net.parameters())
    print(f"AdmUnet2d {args.config}: {params} parameters, batch {args.batch}, {args.size}x{args.size}, "
          f"cpu, {args.threads} threads, {args.iters} timed passes")
    for name, r in rows:
        print(f"  {name:16s} {r['ms_per_forward']:10.2f} ms/forward (min {r['ms_per_forward_min']:.2f},"
              f" median {r['ms_per_forward_median']:.2f})"
              f"  {r['evals_per_s']:8.2f} evals/s")
    base_name, base = rows[0]
    for name, r in rows[1:]:
        print(f"  ratio {name} / {base_name}: {r['ms_per_forward'] / base['ms_per_forward']:.3f} (mean), "
              f"{r['ms_per_forward_min'] / base['ms_per_forward_min']:.3f} (min), "
              f"{r['ms_per_forward_median'] / base['ms_per_forward_median']:.3f} (median); < 1 means faster")

if __name__ == "__main__":
    main()
