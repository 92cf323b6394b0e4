"""The hot path of the COBA LIF kernel's block loop in an objdump listing: the instructions one block
of 16 neurons runs when the step's options are off, every lane takes the short exprel sum and the
block is whole. Prints their number, the stack references among them and, with -v, the path."""
import collections
import re
import sys


def functions(listing):
    name, body = None, []
    for line in open(listing):
        m = re.match(r'^[0-9a-f]+ <(.*)>:$', line)
        if m:
            if name:
                yield name, body
            name, body = m.group(1), []
        elif name and re.match(r'^ *[0-9a-f]+:\t', line):
            address, rest = line.split(':\t', 1)
            parts = rest.split(None, 1)
            body.append((int(address, 16), parts[0], parts[1].strip() if len(parts) > 1 else ''))
    if name:
        yield name, body


def kernel(listing):
    """The lifUpdate specialisation for UniformLIF<Float, CrossingTest>, WithRefractory and
    FusedCOBAPair; the PlainStep one where the options are a type."""
    found = [(n, b) for n, b in functions(listing)
             if all(k in n for k in ('lifUpdate', 'CrossingTest', 'WithRefractory', 'FusedCOBAPair'))]
    plain = [(n, b) for n, b in found if 'PlainStep' in n]
    return (plain or found)[0]


def hot_path(body):
    """From the entry: `je`/`jg` taken (options false, the short exprel tier, a whole block), other
    conditional branches not taken unless they jump back (the loop); the first address reached twice
    closes the loop."""
    index = {a: i for i, (a, _, _) in enumerate(body)}
    i, order, seen = 0, [], {}
    while True:
        a, m, o = body[i]
        if a in seen:
            return order[seen[a]:]
        seen[a] = len(order)
        order.append(body[i])
        target = int(o.split()[0], 16) if m.startswith('j') else None
        if m in ('jmp', 'je', 'jg') or (target is not None and target < a and m != 'jo'):
            i = index[target]
        else:
            i += 1


name, body = kernel(sys.argv[1])
path = hot_path(body)
print(f"{len(path)} instructions per block of 16 neurons, {sum('rsp' in o for _, _, o in path)} of them "
      f"with a stack operand ({'PlainStep' if 'PlainStep' in name else 'options as values'})")
if '-v' in sys.argv:
    for a, m, o in path:
        print(f"{a:#8x} {m} {o}")
