# Binary trees: measures object allocation, release and recursive method calls.


class Node:
    def __init__(self, left, right):
        self.left = left
        self.right = right

    def check(self):
        if self.left is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def make_tree(depth):
    if depth == 0:
        return Node(None, None)
    return Node(make_tree(depth - 1), make_tree(depth - 1))


def main():
    min_depth = 4
    max_depth = 14
    stretch = make_tree(max_depth + 1)
    print("stretch tree of depth " + str(max_depth + 1) + " check: " + str(stretch.check()))
    stretch = None
    long_lived = make_tree(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1
        for _ in range(max_depth - depth + min_depth):
            iterations = iterations * 2
        check = 0
        for _ in range(iterations):
            check = check + make_tree(depth).check()
        print(str(iterations) + " trees of depth " + str(depth) + " check: " + str(check))
        depth = depth + 2
    print("long lived tree of depth " + str(max_depth) + " check: " + str(long_lived.check()))


main()
