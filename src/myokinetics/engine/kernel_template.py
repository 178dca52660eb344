"""Source template of the compiled integrator (appended to the generated rhs).

Method: a third-order exponential Runge-Kutta scheme (Cox & Matthews 2002,
ETDRK3) for y' = -lam*y + N(y), with an embedded second-order estimate
(trapezoidal exponential quadrature of N over the step) for error control.
The linear clearance of each state (its declared ``decay`` rate) is
integrated exactly, so minutes-long half-lives do not force minute steps
during months of adaptation.  Program segment edges (sets, rests, sessions)
and output times are exact step ends.  One subject per call; the cohort
driver runs subjects in parallel (prange).
"""

TEMPLATE = r'''
@njit(cache=True, inline="always", fastmath=_FM)
def _phis(z):
    # returns exp(z), phi1(z), phi2(z), phi3(z) with phi_k(z) = sum_j z^j/(j+k)!
    if z == 0.0:
        return 1.0, 1.0, 0.5, 1.0 / 6.0
    e = math.exp(z)
    if abs(z) > 1.0:
        p1 = (e - 1.0) / z
        p2 = (e - 1.0 - z) / (z * z)
        p3 = (e - 1.0 - z - 0.5 * z * z) / (z * z * z)
        return e, p1, p2, p3
    # Taylor series: 18 terms are exact to double precision for |z| <= 1
    p3 = 0.0
    # phi3 = sum z^j/(j+3)!
    fact = 6.0
    zj = 1.0
    for j in range(18):
        p3 += zj / fact
        zj *= z
        fact *= (j + 4)
    p2 = 0.5 + z * p3
    p1 = 1.0 + z * p2
    return e, p1, p2, p3


@njit(cache=True, fastmath=_FM)
def integrate_one(y0, p, c, K, lam, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout, Oout):
    # distinct decay rates: the phi functions are evaluated once per distinct rate
    ulam = np.unique(lam)
    nl = ulam.shape[0]
    lid = np.empty(lam.shape[0], dtype=np.int64)
    for i in range(lam.shape[0]):
        for j in range(nl):
            if ulam[j] == lam[i]:
                lid[i] = j
    uE1 = np.ones(nl); uQ1 = np.ones(nl); uQ2 = np.full(nl, 0.5); uQ3 = np.full(nl, 1.0 / 6.0)
    uE2 = np.ones(nl); uQ1h = np.ones(nl)
    """Integrate one subject.  Returns (status, n_steps, n_rejected, t_reached).

    status: 0 ok, 1 step size underflow, 2 too many steps, 3 non-finite state.
    """
    n = y0.shape[0]
    y = y0.copy()
    f0 = np.empty(n); fa = np.empty(n); fb = np.empty(n)
    a = np.empty(n); b = np.empty(n); y3 = np.empty(n)
    E1 = np.ones(n); Q1 = np.ones(n); Q2 = np.full(n, 0.5); Q3 = np.full(n, 1.0 / 6.0)
    E2 = np.ones(n); Q1h = np.ones(n)
    last_hh = -1.0
    out = np.empty(max(Oout.shape[1], 1))
    nseg = seg_t.shape[0] - 1
    nout = t_out.shape[0]
    t = seg_t[0]
    i_out = 0
    while i_out < nout and t_out[i_out] < t:
        i_out += 1
    h = min(hmax, 0.01)
    n_steps = 0
    n_rej = 0
    hmin = 1e-10
    for k in range(nseg):
        u = U[k]
        t_end = seg_t[k + 1]
        # outputs exactly at the segment start
        while i_out < nout and t_out[i_out] == t:
            rhs(y, u, c, K, p, f0, out)
            for i in range(n):
                Yout[i_out, i] = y[i]
            for i in range(Oout.shape[1]):
                Oout[i_out, i] = out[i]
            i_out += 1
        while t < t_end:
            t_stop = t_end
            if i_out < nout and t_out[i_out] < t_stop:
                t_stop = t_out[i_out]
            hh = h
            hit = False
            if t + hh >= t_stop - 1e-9 * max(1.0, abs(t_stop)):
                hh = t_stop - t
                hit = True
            if hh != last_hh:
                for j in range(nl):
                    if ulam[j] != 0.0:
                        uE1[j], uQ1[j], uQ2[j], uQ3[j] = _phis(-hh * ulam[j])
                        uE2[j], uQ1h[j], _q2, _q3 = _phis(-0.5 * hh * ulam[j])
                for i in range(n):
                    j = lid[i]
                    E1[i] = uE1[j]; Q1[i] = uQ1[j]; Q2[i] = uQ2[j]; Q3[i] = uQ3[j]; E2[i] = uE2[j]; Q1h[i] = uQ1h[j]
                last_hh = hh
            # stage 1
            rhs(y, u, c, K, p, f0, out)
            for i in range(n):
                f0[i] += lam[i] * y[i]
            # stage 2 (half step)
            for i in range(n):
                a[i] = E2[i] * y[i] + 0.5 * hh * Q1h[i] * f0[i]
            rhs(a, u, c, K, p, fa, out)
            for i in range(n):
                fa[i] += lam[i] * a[i]
            # stage 3 (full step)
            for i in range(n):
                b[i] = E1[i] * y[i] + hh * Q1[i] * (2.0 * fa[i] - f0[i])
            rhs(b, u, c, K, p, fb, out)
            err = 0.0
            bad = False
            neg = False
            for i in range(n):
                fb[i] += lam[i] * b[i]
                e1 = E1[i]; q1 = Q1[i]; q2 = Q2[i]; q3 = Q3[i]
                c1 = q1 - 3.0 * q2 + 4.0 * q3
                c2 = q2 - 2.0 * q3
                c3 = -q2 + 4.0 * q3
                base = e1 * y[i]
                y3[i] = base + hh * (c1 * f0[i] + 4.0 * c2 * fa[i] + c3 * fb[i])
                y2 = base + hh * ((q1 - q2) * f0[i] + q2 * fb[i])
                sc = atol * scale[i] + rtol * max(abs(y[i]), abs(y3[i]))
                ei = (y3[i] - y2) / sc
                if not (abs(ei) < 1e300):
                    bad = True
                err += ei * ei
                if nonneg[i] and y3[i] < -atol * scale[i]:
                    neg = True
            err = math.sqrt(err / n)
            if neg:
                err = max(err, 4.0)
            n_steps += 1
            if n_steps > max_steps:
                return 2, n_steps, n_rej, t
            if bad:
                err = 1e6
            if err <= 1.0:
                t = t_stop if hit else t + hh
                for i in range(n):
                    y[i] = y3[i]
                fac = 5.0 if err < 1e-12 else min(5.0, 0.9 * err ** (-1.0 / 3.0))
                hn = hh * fac
                if not hit or hn < h:
                    h = hn
                if h > hmax:
                    h = hmax
                if hit:
                    while i_out < nout and t_out[i_out] <= t:
                        rhs(y, u, c, K, p, fa, out)
                        for i in range(n):
                            Yout[i_out, i] = y[i]
                        for i in range(Oout.shape[1]):
                            Oout[i_out, i] = out[i]
                        i_out += 1
            else:
                n_rej += 1
                h = hh * max(0.1, 0.9 * err ** (-1.0 / 3.0))
                if h < hmin:
                    return 1, n_steps, n_rej, t
        # guard against non-finite states
        for i in range(n):
            if not (abs(y[i]) < 1e300):
                return 3, n_steps, n_rej, t
    return 0, n_steps, n_rej, t


@njit(cache=True, parallel=True)
def integrate_cohort(Y0, P, C, K, LAM, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout, Oout, status, stats):
    ns = Y0.shape[0]
    for s in prange(ns):
        lam = np.empty(Y0.shape[1])
        for i in range(Y0.shape[1]):
            lam[i] = LAM[s, i]
        st, nst, nrj, tr = integrate_one(Y0[s], P[s], C[s], K, lam, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout[s], Oout[s])
        status[s] = st
        stats[s, 0] = nst
        stats[s, 1] = nrj
        stats[s, 2] = tr
'''
