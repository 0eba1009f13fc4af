"""Imported by the forkserver that batch pools fork their workers from (`batch.pool_context`).

The forkserver runs this once: one BLAS thread, then the models, lexicons and stages
loaded with a short article. Every worker forked after that starts with all of it.
"""
from .batch import limit_threads, warm_up

limit_threads()
warm_up()
