#!/usr/bin/python3
"""Fits the depth/lateral parameters of the built-in generic-6MV pencil-beam model (generic-6MV.machine.json).

Run once by hand (needs numpy + scipy):  /usr/bin/python3 src/dose/machines/fit-generic-6mv.py
It prints the fitted parameters; they are copied into the JSON together with the anchors below.
The model evaluated here is the same closed form as src/dose/machine.ts / pencil-beam-reference.ts on the
central axis of a square field in water at SSD 100 cm (SAD 100 cm, iso at the surface):

  D(d, s) = (z_ref / z)^2 * sum_i W_i(d) * erf(s / (2 sqrt2 sigma_iso_i))^2,   z = SAD + d
  W_0 = (1 - c exp(-beta d)) exp(-mu d)                          primary, sigma_0(d) = sqrt(sa^2 + (k d)^2)
  W_i = a_i (1 - exp(-gamma_i d)) exp(-mu d),  i = 1, 2           scatter, sigma_iso_i fixed
Anchors (representative published 6 MV water data, SSD 100 cm; not one machine's commissioning data):
  10x10: dmax 15 mm, PDD(50 mm) 86.5 %, PDD(100 mm) 66.7 %, PDD(200 mm) 38.5 %, surface ~ 17 %
         (BJR Suppl. 25 (1996) 6 MV tables; AAPM TG-51 %dd(10)x ~ 66-67 % for 6 MV;
          surface 10-28 % for 5-20 cm fields: Apipunyasopon et al. 2013, JACMP 14(5):4142)
  5x5 PDD(100) 63.0 %, 20x20 PDD(100) 70.0 %; phantom-scatter factor Sp(5x5) 0.970, Sp(20x20) 1.025
  (representative 6 MV values, e.g. BJR Suppl. 25; Storchi & van Gasteren 1996 PMB 41:563).
"""
import numpy as np
from scipy.optimize import least_squares
from scipy.special import erf

SAD = 1000.0
SIGMA_SOURCE_MM = 1.5
SIGMA_SLOPE = 0.015
D = np.arange(0.0, 400.0, 0.25)


def dose(p, s_mm, d=D):
    c, beta, mu, a1, g1, a2, g2, s1, s2 = p
    z = SAD + d
    att = np.exp(-mu * d)
    sig0 = np.sqrt(SIGMA_SOURCE_MM**2 + (SIGMA_SLOPE * d) ** 2) * SAD / z
    f = lambda sig: erf(s_mm / (2 * np.sqrt(2) * sig)) ** 2
    w0 = (1 - c * np.exp(-beta * d)) * att
    w1 = a1 * (1 - np.exp(-g1 * d)) * att
    w2 = a2 * (1 - np.exp(-g2 * d)) * att
    return ((SAD + 15.0) / z) ** 2 * (w0 * f(sig0) + w1 * f(s1) + w2 * f(s2))


def pdd(p, s, depth):
    dd = dose(p, s)
    return 100 * np.interp(depth, D, dd) / dd.max()


def residuals(p):
    r = []
    d10 = dose(p, 100.0)
    r.append((D[np.argmax(d10)] - 15.0) / 1.0)
    for depth, val in [(50, 86.5), (100, 66.7), (200, 38.5)]:
        r.append((pdd(p, 100.0, depth) - val) / 0.3)
    r.append((pdd(p, 100.0, 0.0) - 17.0) / 3.0)
    r.append((pdd(p, 50.0, 100) - 63.0) / 0.5)
    r.append((pdd(p, 200.0, 100) - 70.0) / 0.5)
    m10 = d10.max()
    r.append((dose(p, 50.0).max() / m10 - 0.970) / 0.005)
    r.append((dose(p, 200.0).max() / m10 - 1.025) / 0.005)
    return np.array(r)


p0 = [0.85, 0.2, 0.005, 0.1, 0.02, 0.1, 0.01, 10.0, 40.0]
lo = [0.5, 0.05, 0.003, 0.0, 0.001, 0.0, 0.001, 4.0, 20.0]
hi = [0.99, 1.0, 0.008, 1.0, 0.2, 1.0, 0.2, 20.0, 120.0]
fit = least_squares(residuals, p0, bounds=(lo, hi))
names = ['c', 'betaPerMm', 'muPerMm', 'a1', 'gamma1PerMm', 'a2', 'gamma2PerMm', 'sigma1Mm', 'sigma2Mm']
for n, v in zip(names, fit.x):
    print(f'{n} = {v:.6g}')
print('residuals (in tolerance units):', np.round(residuals(fit.x), 3))
p = fit.x
for s in (50.0, 100.0, 200.0):
    dd = dose(p, s)
    print(f'{s/10:.0f}x{s/10:.0f}: dmax {D[np.argmax(dd)]:.2f} mm, PDD(0) {pdd(p,s,0):.1f}, PDD(50) {pdd(p,s,50):.1f}, '
          f'PDD(100) {pdd(p,s,100):.2f}, PDD(200) {pdd(p,s,200):.1f}, Sp {dd.max()/dose(p,100.0).max():.3f}')
