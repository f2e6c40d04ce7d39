"""Load: article sets in (folders, files, JSONL, standard input), documents and problems out."""
