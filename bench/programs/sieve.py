# Sieve of Eratosthenes over a list of 0/1 flags: measures indexed reads and writes.


def count_primes(limit):
    flags = []
    for _ in range(limit + 1):
        flags.append(1)
    flags[0] = 0
    flags[1] = 0
    p = 2
    while p * p <= limit:
        if flags[p] == 1:
            for m in range(p * p, limit + 1, p):
                flags[m] = 0
        p = p + 1
    count = 0
    for i in range(limit + 1):
        if flags[i] == 1:
            count = count + 1
    return count


def main():
    rounds = 10
    limit = 400000
    last = 0
    total = 0
    for _ in range(rounds):
        last = count_primes(limit)
        total = total + last
    print(last)
    print(total)


main()
