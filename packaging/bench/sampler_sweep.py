"""Quality against sampler cost for a model pack: runs `ivid eval` once per held-out world for each
sampler setting (the same worlds for all), and prints a Markdown table of the means with the
standard error over worlds, and for each setting its difference from the first one, paired by
world (the first setting is the reference: today's pack defaults).

    python3 packaging/bench/sampler_sweep.py --ivid build/app/ivid --seeds 0-7 --out sweep/

Each world's JSON is kept in --out (a rerun reuses it), so an interrupted sweep resumes; --seeds
can then name the worlds finished so far."""
import argparse
import json
import math
import os
import subprocess
import sys

# name -> extra `ivid eval` flags (the pack's settings otherwise); evaluations per 3x9 scene:
# unconditional steps + 26 x conditional steps (each a batched guided U-Net call).
SETTINGS = [
    ("pack: DDIM 50 / 20, eta 1", [], 50 + 26 * 20),
    ("DDIM 50 / 10, eta 1", ["--steps-cond", "10"], 50 + 26 * 10),
    ("DDIM 25 / 10, eta 1", ["--steps-uncond", "25", "--steps-cond", "10"], 25 + 26 * 10),
    ("DDIM 50 / 10, DPM-Solver++ 2M conditional", ["--steps-cond", "10", "--sampler-cond", "dpmpp_2m"], 50 + 26 * 10),
    ("DDIM 50 / 15, eta 1", ["--steps-cond", "15"], 50 + 26 * 15),
]
# (label, path in the `ivid eval --json` report)
METRICS = [
    ("disoccluded PSNR", ("model", "disoccluded", "psnr")),
    ("disoccluded depth abs-rel", ("model", "disoccluded", "depth_absrel")),
    ("scene reprojection PSNR", ("consistency", "reproj_psnr")),
    ("scene reprojection depth abs-rel", ("consistency", "reproj_depth_absrel")),
]


def seeds_of(text):
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def run_world(ivid, flags, seed, path):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    out = subprocess.run([ivid, "eval", "--seeds", f"{seed}-{seed}", "--json", *flags],
                         check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    with open(path + ".partial", "w") as f:
        json.dump(report, f)
    os.replace(path + ".partial", path)
    return report


def value(report, keys):
    for key in keys:
        report = report[key]
    return float(report)


def mean_and_error(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, float("nan")
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(variance / n)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ivid", required=True)
    parser.add_argument("--seeds", default="0-7")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", type=int, nargs="*", help="indices of SETTINGS to run (default: all)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seeds = seeds_of(args.seeds)
    chosen = args.only if args.only else range(len(SETTINGS))
    # World by world, every setting on each, so a sweep stopped part-way still compares all
    # settings on the same worlds (rerun to continue; finished worlds are read back).
    results = {index: [] for index in chosen}
    for seed in seeds:
        for index in chosen:
            name, flags, _ = SETTINGS[index]
            path = os.path.join(args.out, f"setting{index}_world{seed}.json")
            results[index].append(run_world(args.ivid, flags, seed, path))
            print(f"world {seed}: {name} done", file=sys.stderr)

    header = "| setting | U-Net calls per scene | " + " | ".join(m[0] for m in METRICS) + " | eval seconds per world |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    reference = results.get(0)
    for index in chosen:
        name, _, evals = SETTINGS[index]
        cells = []
        for label, keys in METRICS:
            digits = 4 if "abs-rel" in label else 2
            values = [value(r, keys) for r in results[index]]
            mean, error = mean_and_error(values)
            cell = f"{mean:.{digits}f} ± {error:.{digits}f}"
            if reference is not None and index != 0:
                diffs = [v - value(r, keys) for v, r in zip(values, reference)]
                d_mean, d_error = mean_and_error(diffs)
                cell += f" (Δ {d_mean:+.{digits}f} ± {d_error:.{digits}f})"
            cells.append(cell)
        seconds = sum(float(r["seconds"]) for r in results[index]) / len(results[index])
        print(f"| {name} | {evals} | " + " | ".join(cells) + f" | {seconds:.0f} |")


if __name__ == "__main__":
    main()
