#!/usr/bin/python3
# peer_parity_torch.py -- an independent restatement (our own code) of the authors' SHL with
# their LDR-SD / LDR-TD layers, as their PyTorch code (HazyResearch/structured-nets,
# structure/layer.py, structure/krylov.py, models/nets.py) defines it:
#     y = K(A, g) K(B, h)^T x + b,  K(M, v) = [v, Mv, ..., M^{n-1} v],
#     (M v)[p] = s[p-1] v[p-1] + d[p] v[p] + u[p] v[p+1]   (sd: s only; corners 0),
# ReLU, torch.nn.Linear output layer, mean cross-entropy, torch.optim.SGD(lr, momentum 0.9),
# their init (G, H ~ N(0, 1/n) at r = 1, s = 1, d = u = 0, bias 0).  Not part of the build:
# it needs python3-torch and python3-numpy (Debian), which `make deps` does not install.
# Used for issue 13 (why LDR-SD / LDR-TD diverge at lr 0.01; NOTES.md, peer parity):
#
#   compare sd|td DUMP   our loss and gradients at one batch (a float64 dump written by a
#                        probe: parameters in our layout, 50 x 784 inputs, 50 labels, our
#                        gradient) against autograd of the formula above, in float64
#   survey sd|td A B STEPS 32|64   seeds A..B: the first STEPS SGD steps of the authors'
#                        configuration on Fashion-MNIST (Debian dataset-fashion-mnist,
#                        pixels/255), in float32 (their precision) or float64; prints whether
#                        and where the loss or a gradient became non-finite, and the first 20
#                        minibatch losses.
# Linear; mean cross-entropy; torch.optim.SGD(lr, momentum).
import gzip, sys, struct, numpy as np, torch
import torch.nn.functional as F
torch.set_num_threads(1)

def tri_map(s, d, u, v):
    # (M v)[i] = s[i-1] v[i-1] + d[i] v[i] + u[i] v[i+1]
    out = d * v if d is not None else torch.zeros_like(v)
    out = out + torch.cat((torch.zeros(1, dtype=v.dtype), s * v[:-1]))
    if u is not None:
        out = out + torch.cat((u * v[1:], torch.zeros(1, dtype=v.dtype)))
    return out

def krylov(s, d, u, v):
    cols = [v]
    for _ in range(v.numel() - 1):
        v = tri_map(s, d, u, v)
        cols.append(v)
    return torch.stack(cols, dim=-1)  # n x n, column j = M^j v

class SHL(torch.nn.Module):
    def __init__(self, cls, n, dtype):
        super().__init__()
        self.cls = cls
        sd = (1.0 / n) ** 0.5
        P = lambda t: torch.nn.Parameter(t.to(dtype))
        self.G = P(torch.randn(n) * sd); self.H = P(torch.randn(n) * sd)
        self.sA = P(torch.ones(n - 1)); self.sB = P(torch.ones(n - 1))
        if cls == 'td':
            self.dA = P(torch.zeros(n)); self.uA = P(torch.zeros(n - 1))
            self.dB = P(torch.zeros(n)); self.uB = P(torch.zeros(n - 1))
        else:
            self.dA = self.uA = self.dB = self.uB = None
        self.b = P(torch.zeros(n))
        self.W2 = torch.nn.Linear(n, 10).to(dtype)
    def forward(self, x):
        KG = krylov(self.sA, self.dA, self.uA, self.G)
        KH = krylov(self.sB, self.dB, self.uB, self.H)
        h = F.relu((x @ KH) @ KG.t() + self.b)
        return self.W2(h)

def load_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, cnt = struct.unpack('>II', data[:8])
    if magic == 0x803:
        return np.frombuffer(data[16:], dtype=np.uint8).reshape(cnt, 784)
    return np.frombuffer(data[8:], dtype=np.uint8)

def compare(cls, dump):
    """Our gradients (float64) vs autograd of the authors' formula at our parameters and batch."""
    n = 784
    raw = np.fromfile(dump, dtype=np.float64)
    nop = (n if cls == 'sd' else 3 * n)
    nl0 = 2 * n + 2 * nop + n
    npar = nl0 + 10 * n + 10
    p, x, y, g = raw[:npar], raw[npar:npar + 50 * n], raw[npar + 50 * n:npar + 50 * n + 50], raw[npar + 50 * n + 50:]
    assert g.size == npar
    m = SHL(cls, n, torch.float64)
    t = lambda a: torch.tensor(a, dtype=torch.float64)
    with torch.no_grad():
        m.G.copy_(t(p[:n])); m.H.copy_(t(p[n:2 * n]))
        o = 2 * n
        if cls == 'sd':
            m.sA.copy_(t(p[o:o + n - 1])); m.sB.copy_(t(p[o + n:o + 2 * n - 1]))
        else:
            for k, (S, D, U) in enumerate(((m.sA, m.dA, m.uA), (m.sB, m.dB, m.uB))):
                q = o + k * 3 * n
                D.copy_(t(p[q:q + n])); S.copy_(t(p[q + n:q + 2 * n - 1])); U.copy_(t(p[q + 2 * n - 1:q + 3 * n - 2]))
        m.b.copy_(t(p[o + 2 * nop:nl0]))
        m.W2.weight.copy_(t(p[nl0:nl0 + 10 * n]).reshape(10, n)); m.W2.bias.copy_(t(p[nl0 + 10 * n:]))
    X = t(x).reshape(50, n); Y = torch.tensor(y.astype(np.int64))
    loss = F.cross_entropy(m(X), Y)
    loss.backward()
    ours = {}
    ours['G'] = g[:n]; ours['H'] = g[n:2 * n]
    if cls == 'sd':
        ours['sA'] = g[o:o + n - 1]; ours['sB'] = g[o + n:o + 2 * n - 1]
    else:
        for k, nm in enumerate('AB'):
            q = o + k * 3 * n
            ours['d' + nm] = g[q:q + n]; ours['s' + nm] = g[q + n:q + 2 * n - 1]; ours['u' + nm] = g[q + 2 * n - 1:q + 3 * n - 2]
    ours['b'] = g[o + 2 * nop:nl0]; ours['W2.weight'] = g[nl0:nl0 + 10 * n]; ours['W2.bias'] = g[nl0 + 10 * n:]
    theirs = {'G': m.G, 'H': m.H, 'sA': m.sA, 'sB': m.sB, 'dA': m.dA, 'dB': m.dB, 'uA': m.uA, 'uB': m.uB,
              'b': m.b, 'W2.weight': m.W2.weight, 'W2.bias': m.W2.bias}
    print(f'{cls}: loss (their formula, float64) {loss.item():.17g}')
    for k, v in ours.items():
        tg = theirs[k].grad.detach().numpy().ravel()
        rel = np.abs(tg - v).max() / max(np.abs(tg).max(), 1e-300)
        print(f'  grad {k:10s} max|theirs| {np.abs(tg).max():.3e}  max|ours - theirs| / max|theirs| = {rel:.2e}')

def survey(cls, seeds, steps, dtype, lr=0.01):
    Xtr = load_idx('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')
    Ytr = load_idx('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz')
    X = torch.tensor(Xtr.astype(np.float32) / 255.0).to(dtype); Y = torch.tensor(Ytr.astype(np.int64))
    for seed in seeds:
        torch.manual_seed(seed)
        m = SHL(cls, 784, dtype)
        opt = torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
        perm = torch.randperm(X.shape[0])
        losses, div = [], -1
        for s in range(steps):
            idx = perm[s * 50:(s + 1) * 50]
            loss = F.cross_entropy(m(X[idx]), Y[idx])
            losses.append(loss.item())
            if not np.isfinite(loss.item()):
                div = s; break
            opt.zero_grad(); loss.backward()
            if not all(torch.isfinite(q.grad).all() for q in m.parameters()):
                div = s; break
            opt.step()
        print(f'SURVEY {cls} {str(dtype)[6:]} seed {seed} steps {steps} diverged_step {div} maxloss {max(l for l in losses if np.isfinite(l)):.3g} first20 ' +
              ' '.join(f'{l:.3g}' for l in losses[:20]), flush=True)

if __name__ == '__main__':
    if sys.argv[1] == 'compare':
        compare(sys.argv[2], sys.argv[3])
    else:
        cls, a, b, steps = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        dt = torch.float32 if sys.argv[6] == '32' else torch.float64
        survey(cls, range(a, b + 1), steps, dt)
