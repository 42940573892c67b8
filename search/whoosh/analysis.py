"""The Whoosh analyzer over search.text: accented or folded syllables, or syllable pairs."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Analyzer, Token

from search.text import analyze


class VietnameseAnalyzer(Analyzer):
    """Whoosh analyzer over `analyze`: accented or folded syllables, or syllable pairs."""

    def __init__(self, folded: bool = False, bigrams: bool = False,
                 unigrams: bool | None = None) -> None:
        self.folded = folded
        self.bigrams = bigrams
        self.unigrams = not bigrams if unigrams is None else unigrams

    def __repr__(self) -> str:
        return (f"VietnameseAnalyzer(folded={self.folded}, bigrams={self.bigrams}, "
                f"unigrams={self.unigrams})")

    def terms(self, value: str) -> list[str]:
        """Return the terms of a value, in order (what the tokens' texts are)."""
        unigrams = getattr(self, "unigrams", not self.bigrams)  # indexes made before it
        return analyze(value, folded=self.folded, bigrams=self.bigrams, unigrams=unigrams)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 start_pos: int = 0, mode: str = "", **kwargs) -> Iterator[Token]:
        """Yield one Whoosh token per term of `analyze(value)`."""
        token = Token(positions, chars, mode=mode, **kwargs)
        for pos, term in enumerate(self.terms(value)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token
