# Polymorphic dispatch: measures method lookup and calls over objects of four classes
# that share a parent and override one of its methods.


class Shape:
    def __init__(self, n):
        self.n = n

    def value(self):
        return self.n

    def weight(self):
        return self.value() + 1


class Square(Shape):
    def __init__(self, n):
        super().__init__(n)

    def value(self):
        return self.n * self.n


class Rect(Shape):
    def __init__(self, n):
        super().__init__(n)

    def value(self):
        return self.n * (self.n + 1)


class Triangle(Shape):
    def __init__(self, n):
        super().__init__(n)

    def value(self):
        return self.n * (self.n + 1) // 2


class Scaled(Shape):
    def __init__(self, n):
        super().__init__(n)

    def value(self):
        return super().value() * 3


def make_shapes(n):
    shapes = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            shapes.append(Shape(i))
        elif kind == 1:
            shapes.append(Square(i))
        elif kind == 2:
            shapes.append(Rect(i))
        elif kind == 3:
            shapes.append(Triangle(i))
        else:
            shapes.append(Scaled(i))
    return shapes


def main():
    rounds = 2000
    shapes = make_shapes(1000)
    total = 0
    for _ in range(rounds):
        for shape in shapes:
            total = total + shape.weight()
    print(total)


main()
