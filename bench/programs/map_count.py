# Word counting in a dictionary: measures hashing of string keys and has/get/set.


def make_words(n):
    words = []
    for i in range(n):
        words.append("w" + str(i))
    return words


def main():
    vocabulary = 500
    samples = 1500000
    words = make_words(vocabulary)
    counts = {}
    x = 42
    for _ in range(samples):
        x = (x * 1103515245 + 12345) % 2147483648
        word = words[x // 65536 % vocabulary]
        if word in counts:
            counts[word] = counts[word] + 1
        else:
            counts[word] = 1
    most = 0
    for word in words:
        c = counts[word]
        if c > most:
            most = c
    print(len(counts))
    print(counts["w0"])
    print(most)


main()
