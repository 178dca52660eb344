"""Source template of the compiled integrator (appended to the generated rhs).

Method: the fourth-order exponential Runge-Kutta scheme of Cox & Matthews
(2002, ETDRK4) for y' = -lam*y + N(y), where lam is each state's declared
linear clearance.  The clearance is integrated exactly, so minutes-long
half-lives do not force minute steps during months of adaptation.  Error
control uses an embedded third-order estimate from the first-same-as-last
stage: err = h * c3(z) * (N(y_new) - N(c)), where c is the scheme's
second-order end-point stage; for lam = 0 the scheme is classical RK4 and
the estimate is O(h^4).  Program segment edges (sets, rests, sessions) and
output times are exact step ends; the error norm is the maximum over states of
the weighted error (every state within its tolerance; the RMS norm of Hairer,
Norsett & Wanner let one accumulating state drift by up to sqrt(n) times it).  One subject per call; the cohort driver runs
subjects in parallel (prange).
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
    # Taylor series of phi3 (18 terms: exact to double precision for |z| <= 1), then the recurrences
    p3 = 0.0
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
def integrate_one(y0, p, c, K, lam, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout, Oout, n_out, oidx, yidx):
    """Integrate one subject.  Returns (status, n_steps, n_rejected, t_reached).

    status: 0 ok, 1 step size underflow, 2 too many steps, 3 non-finite state.
    """
    n = y0.shape[0]
    # distinct decay rates: the phi functions are evaluated once per distinct rate
    ulam = np.unique(lam)
    nl = ulam.shape[0]
    lid = np.empty(n, dtype=np.int64)
    for i in range(n):
        for j in range(nl):
            if ulam[j] == lam[i]:
                lid[i] = j
    uE1 = np.ones(nl); uC1 = np.full(nl, 1.0 / 6.0); uC2 = np.full(nl, 1.0 / 6.0); uC3 = np.full(nl, 1.0 / 6.0)
    uE2 = np.ones(nl); uQh = np.ones(nl)
    E1 = np.ones(n); C1 = np.full(n, 1.0 / 6.0); C2 = np.full(n, 1.0 / 6.0); C3 = np.full(n, 1.0 / 6.0)
    E2 = np.ones(n); Qh = np.ones(n)
    # Free steps are taken on a geometric grid of sizes (8 per doubling) so that the phi-function
    # coefficients of each size are computed once per subject; steps cut short by a breakpoint
    # are computed exactly.  The step actually taken is the intended step h rounded down to the grid
    # (never larger than the controller asked for); the controller updates h itself.
    GL = 8.0
    H0 = 1e-6
    NLEV = 400
    tab = np.zeros((NLEV, 6, nl))
    have = np.zeros(NLEV, dtype=np.bool_)
    y = y0.copy()
    N0 = np.empty(n); Na = np.empty(n); Nb = np.empty(n); Nc = np.empty(n); N5 = np.empty(n)
    a = np.empty(n); b = np.empty(n); cs = np.empty(n); y4 = np.empty(n)
    out = np.zeros(max(n_out, 1))
    rhs_static(c, K, p, out)
    last_hh = -1.0
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
        # the forcing changed: segment-level outputs and N at the current state are re-evaluated
        rhs_segment(u, c, K, p, out)
        rhs(y, u, c, K, p, N0, out)
        for i in range(n):
            N0[i] += lam[i] * y[i]
        while i_out < nout and t_out[i_out] == t:
            for i in range(yidx.shape[0]):
                Yout[i_out, i] = y[yidx[i]]
            for i in range(oidx.shape[0]):
                Oout[i_out, i] = out[oidx[i]]
            i_out += 1
        while t < t_end:
            t_stop = t_end
            if i_out < nout and t_out[i_out] < t_stop:
                t_stop = t_out[i_out]
            lev = int(math.floor(GL * math.log2(h / H0)))
            if lev < 0:
                lev = 0
            if lev > NLEV - 1:
                lev = NLEV - 1
            hh = H0 * 2.0 ** (lev / GL)
            hit = False
            if t + hh >= t_stop - 1e-9 * max(1.0, abs(t_stop)):
                hh = t_stop - t
                hit = True
                lev = -1
            if hh != last_hh:
                if lev >= 0 and have[lev]:
                    for j in range(nl):
                        uE1[j] = tab[lev, 0, j]; uC1[j] = tab[lev, 1, j]; uC2[j] = tab[lev, 2, j]
                        uC3[j] = tab[lev, 3, j]; uE2[j] = tab[lev, 4, j]; uQh[j] = tab[lev, 5, j]
                else:
                    for j in range(nl):
                        if ulam[j] != 0.0:
                            e1, q1, q2, q3 = _phis(-hh * ulam[j])
                            uE1[j] = e1
                            uC1[j] = q1 - 3.0 * q2 + 4.0 * q3
                            uC2[j] = q2 - 2.0 * q3
                            uC3[j] = -q2 + 4.0 * q3
                            e2, qh, _q2, _q3 = _phis(-0.5 * hh * ulam[j])
                            uE2[j] = e2
                            uQh[j] = qh
                    if lev >= 0:
                        for j in range(nl):
                            tab[lev, 0, j] = uE1[j]; tab[lev, 1, j] = uC1[j]; tab[lev, 2, j] = uC2[j]
                            tab[lev, 3, j] = uC3[j]; tab[lev, 4, j] = uE2[j]; tab[lev, 5, j] = uQh[j]
                        have[lev] = True
                for i in range(n):
                    j = lid[i]
                    E1[i] = uE1[j]; C1[i] = uC1[j]; C2[i] = uC2[j]; C3[i] = uC3[j]; E2[i] = uE2[j]; Qh[i] = uQh[j]
                last_hh = hh
            half = 0.5 * hh
            for i in range(n):
                a[i] = E2[i] * y[i] + half * Qh[i] * N0[i]
            rhs(a, u, c, K, p, Na, out)
            for i in range(n):
                Na[i] += lam[i] * a[i]
                b[i] = E2[i] * y[i] + half * Qh[i] * Na[i]
            rhs(b, u, c, K, p, Nb, out)
            for i in range(n):
                Nb[i] += lam[i] * b[i]
                cs[i] = E2[i] * a[i] + half * Qh[i] * (2.0 * Nb[i] - N0[i])
            rhs(cs, u, c, K, p, Nc, out)
            for i in range(n):
                Nc[i] += lam[i] * cs[i]
                y4[i] = E1[i] * y[i] + hh * (C1[i] * N0[i] + 2.0 * C2[i] * (Na[i] + Nb[i]) + C3[i] * Nc[i])
            rhs(y4, u, c, K, p, N5, out)   # first same as last: N at the new state
            err = 0.0
            bad = False
            neg = False
            for i in range(n):
                N5[i] += lam[i] * y4[i]
                sc = atol * scale[i] + rtol * max(abs(y[i]), abs(y4[i]))
                ei = hh * C3[i] * (N5[i] - Nc[i]) / sc
                if not (abs(ei) < 1e300):
                    bad = True
                if abs(ei) > err:
                    err = abs(ei)
                if nonneg[i] and y4[i] < -atol * scale[i]:
                    neg = True
            if neg:
                err = max(err, 4.0)
            if bad:
                err = 1e6
            n_steps += 1
            if n_steps > max_steps:
                return 2, n_steps, n_rej, t
            if err <= 1.0:
                t = t_stop if hit else t + hh
                for i in range(n):
                    y[i] = y4[i]
                    N0[i] = N5[i]
                fac = 5.0 if err < 1e-16 else min(5.0, 0.9 * err ** (-0.25))
                # the controller acts on the intended step h, not on its rounding down to the grid: a growth
                # factor below one grid level (2**(1/8)) then still accumulates instead of freezing the step
                hn = (h if not hit else hh) * fac
                if not hit or hn < h:
                    h = hn
                if h > hmax:
                    h = hmax
                if hit:
                    while i_out < nout and t_out[i_out] <= t:
                        for i in range(yidx.shape[0]):
                            Yout[i_out, i] = y[yidx[i]]
                        for i in range(oidx.shape[0]):
                            Oout[i_out, i] = out[oidx[i]]
                        i_out += 1
            else:
                n_rej += 1
                h = hh * max(0.2, 0.9 * err ** (-0.25))
                if h < hmin:
                    return 1, n_steps, n_rej, t
        for i in range(n):
            if not (abs(y[i]) < 1e300):
                return 3, n_steps, n_rej, t
    return 0, n_steps, n_rej, t


@njit(cache=True, parallel=True)
def integrate_cohort(Y0, P, C, K, LAM, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout, Oout, status, stats, n_out, oidx, yidx):
    ns = Y0.shape[0]
    for s in prange(ns):
        lam = np.empty(Y0.shape[1])
        for i in range(Y0.shape[1]):
            lam[i] = LAM[s, i]
        st, nst, nrj, tr = integrate_one(Y0[s], P[s], C[s], K, lam, scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps, Yout[s], Oout[s], n_out, oidx, yidx)
        status[s] = st
        stats[s, 0] = nst
        stats[s, 1] = nrj
        stats[s, 2] = tr
'''
