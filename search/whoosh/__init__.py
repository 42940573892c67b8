"""The Whoosh backend of search.KnowledgeBase: the only code that imports Whoosh.

Whoosh stores terms, postings, stored fields and atomic commits (indexer, codec, writes);
ranking reads its postings with numpy (scoring, view); results turns entries into hits.
"""
