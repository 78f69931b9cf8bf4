"""A seeded synthetic knowledge base with realistic sizes and a Zipf-like vocabulary."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CORE = (
    "reinforcement learning reward model policy gradient token entropy rollout reasoning verifier "
    "curriculum distillation exploration agent calibration metacognition confidence trajectory process "
    "outcome baseline sampling benchmark collapse template diversity preference feedback search tool "
    "memory planning critique proof olympiad sokoban countdown terminal environment synthetic data "
    "transformer attention layer optimizer learning rate batch accumulation offloading library bug "
    "scaling compute budget inference latency evaluation alignment safety sycophancy hacking steering"
).split()
KINDS = ("note", "episode", "term", "topic", "paper")
NAMESPACES = {"note": "note", "episode": "ep", "term": "term", "topic": "topic", "paper": "paper"}
FOLDERS = {"note": "notes", "episode": "episodes", "term": "glossary", "topic": "topics", "paper": "papers"}


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Real domain words first (most frequent), then pronounceable made-up words for the long tail."""
    syllables = ["ka", "lo", "mi", "ra", "ten", "sor", "vel", "qui", "dan", "pher", "ix", "on", "ul", "tra"]
    words = list(CORE)
    while len(words) < size:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return words


def zipf_words(rng: random.Random, words: list[str], count: int) -> list[str]:
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    return rng.choices(words, weights=weights, k=count)


def write_item(root: Path, kind: str, ident: str, title: str, body: str) -> None:
    folder = root / FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    extra = 'abstract: "An abstract line."\n' if kind == "note" else ""
    text = f'---\ntype: {kind}\nid: "{ident}"\ntitle: "{title}"\n{extra}---\n{body}\n'
    (folder / f"{ident}.md").write_text(text, encoding="utf-8")


def generate(root: Path, count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """Write `count` items under `root`; returns (kind, id, title) for each."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    made = []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        ident = f"{kind[:2]}-{number:05d}"
        title = " ".join(zipf_words(rng, words, rng.randint(5, 12))).capitalize()
        paragraphs = [" ".join(zipf_words(rng, words, rng.randint(25, 100))) + "." for _ in range(rng.randint(2, 4))]
        if made:
            other_kind, other_id, _ = rng.choice(made)
            paragraphs[-1] += f" See [[{NAMESPACES[other_kind]}:{other_id}]]."
        write_item(root, kind, ident, title, "\n\n".join(paragraphs))
        made.append((kind, ident, title))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    generate(args.out, args.docs, args.seed)


if __name__ == "__main__":
    main()
