# Tight integer loop: measures loop control, local variables and integer arithmetic.


def main():
    n = 6000000
    total = 0
    for i in range(n):
        total = total + i * i % 7
    print(total)


main()
