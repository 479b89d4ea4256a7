"""The speed benchmark: a synthetic corpus generator (`bench.synth`) and the
timing run (`python -m bench.run`). Nothing here is imported by `indexer` or
`app`; synthetic reports never go into corpus/."""
