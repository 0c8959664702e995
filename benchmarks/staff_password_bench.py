"""Staff passwords: CPU time to make and to check a hash with Django's Argon2 hasher
(argon2-cffi; EQiao's first PASSWORD_HASHERS entry) and with PBKDF2 (Django's default).

    .venv/bin/python benchmarks/staff_password_bench.py [-n 5]

Both are deliberately slow (a stolen database must be slow to guess from); Argon2id is also
memory-hard (100 MiB a hash in Django's parameters), which takes away the graphics cards'
advantage that PBKDF2 leaves to an attacker. CPU time (process_time), median of n."""

from __future__ import annotations

import argparse
import statistics
import time

from django.conf import settings

settings.configure(PASSWORD_HASHERS=[], USE_TZ=True)

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher  # noqa: E402


def timed(function, n: int) -> float:
    times = []
    for _ in range(n):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    password = "Liaocheng-2026-staff"
    print(f"{'hasher':14} {'parameters':38} {'make ms':>8} {'check ms':>9}")
    for hasher in (Argon2PasswordHasher(), PBKDF2PasswordHasher()):
        encoded = hasher.encode(password, hasher.salt())
        make = timed(lambda h=hasher: h.encode(password, h.salt()), args.n)
        check = timed(lambda h=hasher, e=encoded: h.verify(password, e), args.n)
        if isinstance(hasher, Argon2PasswordHasher):
            params = (
                f"argon2id t={hasher.time_cost} m={hasher.memory_cost // 1024} MiB"
                f" p={hasher.parallelism}"
            )
        else:
            params = f"pbkdf2_sha256 {hasher.iterations:,} iterations"
        print(f"{hasher.algorithm:14} {params:38} {make:8.0f} {check:9.0f}")


if __name__ == "__main__":
    main()
