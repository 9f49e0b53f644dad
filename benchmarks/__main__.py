"""Every benchmark, both stores, three sizes; writes docs/performance.md.

    python -m benchmarks [--sizes 10000,100000,1000000] [--stores sqlite,postgres] [--output docs/performance.md]
"""

from benchmarks.suite import main

main()
