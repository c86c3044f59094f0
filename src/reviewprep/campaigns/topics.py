"""Emerging topics: what comments the term list does not tag are about, so analysts can extend it.

The untagged texts (a campaign once, by its template) are turned into TF-IDF vectors of
words and word pairs (scikit-learn; accents and case folded, common words of the three
languages left out) and grouped with k-means under a fixed seed, so the same comments
give the same topics. A topic is named by the words that weigh most at its centre and
shown with the comment closest to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Function words of French and Spanish (folded), left out like English's (scikit-learn's list).
_FR_ES = """
a al algo ante asi au aux avec c ce ces cela cet cette como con contra cual cuando d dans de del des
donde du e el ella ellas ellos en entre era es esa ese eso esta este esto et etre fue ha han hay il
ils je la las le les leur leurs lo los mais mas me mi mis mon muy ne ni no nos nosotros notre nous
o on ont ou par para pas pero plus por pour qu que quel qui se ser ses si sin sobre son sont su sus
sur tambien te tous tout tres tu un una uno unos une vos votre vous y ya
""".split()


@dataclass(frozen=True)
class Topic:
    words: tuple[str, ...]  # characteristic words, strongest first
    size: int  # comments in the group
    example: str  # the comment closest to the group's centre
    example_key: str


def emerging_topics(texts: dict[str, str], max_topics: int = 8, min_size: int = 3,
                    top_words: int = 6, seed: int = 0) -> list[Topic]:
    """The largest groups among `texts` ({key: text}), at most `max_topics`, each of `min_size` or more."""
    from sklearn.cluster import MiniBatchKMeans  # imported here: a second's start-up other commands skip
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    keys = sorted(texts)
    if len(keys) < max(min_size, 2):
        return []
    vectorizer = TfidfVectorizer(strip_accents="unicode", lowercase=True, stop_words=sorted(ENGLISH_STOP_WORDS | set(_FR_ES)),
                                 ngram_range=(1, 2), min_df=2, max_df=0.5, max_features=50_000,
                                 token_pattern=r"(?u)\b[^\W\d_]{3,}\b", dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform([texts[k] for k in keys])
    except ValueError:  # no word occurs twice: nothing in common to group
        return []
    k = max(1, min(max_topics * 2, len(keys) // min_size))
    model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096).fit(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    distances = model.transform(matrix)
    topics = []
    for cluster in range(k):
        rows = np.flatnonzero(model.labels_ == cluster)
        if len(rows) < min_size:
            continue
        centre = model.cluster_centers_[cluster]
        strongest = [vocabulary[i] for i in np.argsort(-centre)[:top_words] if centre[i] > 0]
        closest = rows[np.argmin(distances[rows, cluster])]
        topics.append(Topic(tuple(strongest), len(rows), texts[keys[closest]], keys[closest]))
    topics.sort(key=lambda t: (-t.size, t.words))
    return topics[:max_topics]
