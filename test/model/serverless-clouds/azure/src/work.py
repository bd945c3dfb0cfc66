def main(msg):
    print(msg)


def nightly(timer):
    print("tick")
