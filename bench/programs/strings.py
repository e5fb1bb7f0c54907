# String building: measures concatenation by `s = s + ...`, length and substring.


def build(n):
    s = ""
    for i in range(n):
        s = s + str(i) + ","
    return s


def main():
    rounds = 2000
    pieces = 500
    total_length = 0
    matches = 0
    for _ in range(rounds):
        s = build(pieces)
        total_length = total_length + len(s)
        start = 0
        while start + 3 <= len(s):
            part = s[start:start + 3]
            if part == "7,1":
                matches = matches + 1
            start = start + 2
    print(total_length)
    print(matches)


main()
