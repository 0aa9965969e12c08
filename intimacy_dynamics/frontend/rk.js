// One adaptive explicit Runge–Kutta integrator, written once for any embedded pair.
//
// The method is data: a tableau {c, a, b, e, p, order, errorOrder} (tableau.js, generated
// from the Python ButcherTableau that the ensemble integrator uses). The step control is
// scipy's RK45 (scipy/integrate/_ivp/rk.py) for one run:
//   1. The first step comes from Hairer's heuristic (scipy's select_initial_step).
//   2. A step of size h gives y_new = y + h Σ b_j K_j and the error h Σ e_j K_j, with the
//      first-same-as-last stage K_s = f(t + h, y_new).
//   3. The error norm is the RMS over the states of error / (atol + rtol max(|y|, |y_new|)).
//      The step is accepted when the norm is below 1.
//   4. The next h is h · min(10, 0.9 norm^(-1/(errorOrder + 1))), and no larger than h
//      after a rejected attempt; a rejected attempt shrinks h by at least a factor 5.
//   5. Output times inside an accepted step come from the dense output
//      y(t + σh) = y + h Σ_j (Σ_i K_i p_ij) σ^(j+1) (Shampine's continuous extension).
// It fails loudly, never with a silent partial result: after `maxSteps` steps, or when the
// step falls to a few units of rounding (the problem is stiff, or a state blew up).

import { IntegrationError } from "./errors.js";

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

/** Root mean square of x / scale over the states. */
function rms(x, scale) {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += (x[i] / scale[i]) ** 2;
  return Math.sqrt(total / x.length);
}

/**
 * Integrate y' = f(t, y) from t0 to t1 (t1 > t0).
 *
 * @param {(t: number, y: Float64Array, dydt: Float64Array) => void} f  fills dydt
 * @param {number} t0
 * @param {number} t1
 * @param {ArrayLike<number>} y0
 * @param {object} options
 *   tableau, rtol, atol, maxSteps;
 *   times: increasing output times, of which those with index in [from, to) lie in
 *   [t0, t1]; emit(k, y) receives the state at times[k] (y is reused: copy it).
 * @returns {{y: Float64Array, steps: number, nfev: number}} the state at t1
 */
export function integrate(f, t0, t1, y0, options) {
  const { tableau, rtol, atol, maxSteps, times = [], emit = () => {} } = options;
  const { a, b, c, e, p } = tableau;
  const n = y0.length;
  const stages = b.length;
  const K = Array.from({ length: stages + 1 }, () => new Float64Array(n));
  const scale = new Float64Array(n);
  const error = new Float64Array(n);
  const work = new Float64Array(n);
  let y = Float64Array.from(y0);
  let yNew = new Float64Array(n);
  let next = options.from ?? 0;
  const last = options.to ?? times.length;
  let nfev = 0;
  const call = (t, state, out) => {
    nfev += 1;
    f(t, state, out);
  };

  let t = t0;
  call(t, y, K[0]);
  let hAbs = initialStep(call, t0, t1, y, K[0], tableau.errorOrder, rtol, atol);
  const exponent = -1 / (tableau.errorOrder + 1);

  // one attempt of size h from (t, y): fills yNew and the stages, returns the error norm
  const attempt = (h) => {
    for (let s = 1; s < stages; s++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < s; j++) sum += a[s][j] * K[j][i];
        work[i] = y[i] + h * sum;
      }
      call(t + c[s] * h, work, K[s]);
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < stages; j++) sum += b[j] * K[j][i];
      yNew[i] = y[i] + h * sum;
    }
    call(t + h, yNew, K[stages]);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j <= stages; j++) sum += e[j] * K[j][i];
      error[i] = h * sum;
      scale[i] = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
    }
    return rms(error, scale);
  };

  // the dense output at every output time up to tEnd, from the step (t, h)
  const degree = p[0].length;
  const Q = Array.from({ length: degree }, () => new Float64Array(n)); // Q = K^T p
  const emitUpTo = (tEnd, h) => {
    if (next >= last || times[next] > tEnd) return;
    for (let j = 0; j < degree; j++) {
      for (let i = 0; i < n; i++) {
        let q = 0;
        for (let s = 0; s <= stages; s++) q += K[s][i] * p[s][j];
        Q[j][i] = q;
      }
    }
    for (; next < last && times[next] <= tEnd; next++) {
      const sigma = (times[next] - t) / h;
      for (let i = 0; i < n; i++) {
        let poly = 0; // Horner: σ (q0 + σ (q1 + σ (q2 + σ q3)))
        for (let j = degree - 1; j >= 0; j--) poly = (poly + Q[j][i]) * sigma;
        work[i] = y[i] + h * poly;
      }
      emit(next, work);
    }
  };

  let steps = 0;
  while (t < t1) {
    if (steps >= maxSteps) {
      throw new IntegrationError(
        `the solver took its ${maxSteps} steps and reached only t = ${t} of ${t1}: the ` +
          "problem may be stiff, or the span too long; integrate it in Python instead",
        t,
      );
    }
    const minStep = 10 * Number.EPSILON * Math.abs(t);
    hAbs = Math.max(hAbs, minStep);
    let rejected = false;
    for (;;) {
      if (!(hAbs >= minStep)) {
        throw new IntegrationError(
          `the step size fell to ${hAbs} at t = ${t}: a state became NaN or infinite, or ` +
            "the problem is too stiff for this solver; check the parameters",
          t,
        );
      }
      const tNew = Math.min(t + hAbs, t1);
      const h = tNew - t;
      const norm = attempt(h);
      if (norm < 1) {
        let factor = norm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * norm ** exponent);
        if (rejected) factor = Math.min(1, factor);
        hAbs = h * factor;
        emitUpTo(tNew, h);
        [y, yNew] = [yNew, y];
        K.unshift(K.pop()); // the last stage is the next step's first (FSAL)
        t = tNew;
        steps += 1;
        break;
      }
      // a NaN norm (a state blew up) shrinks the step as much as allowed
      const shrink = norm < Infinity ? SAFETY * norm ** exponent : MIN_FACTOR;
      hAbs = h * Math.max(MIN_FACTOR, shrink);
      rejected = true;
    }
  }
  return { y, steps, nfev };
}

/** Hairer's starting step, as scipy's select_initial_step computes it. */
function initialStep(call, t0, t1, y0, f0, errorOrder, rtol, atol) {
  const n = y0.length;
  const span = t1 - t0;
  const scale = y0.map((v) => atol + Math.abs(v) * rtol);
  const d0 = rms(y0, scale);
  const d1 = rms(f0, scale);
  const h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1, span);
  const y1 = y0.map((v, i) => v + h0 * f0[i]);
  const f1 = new Float64Array(n);
  call(t0 + h0, y1, f1);
  const d2 = rms(
    f1.map((v, i) => v - f0[i]),
    scale,
  ) / h0;
  const h1 =
    d1 <= 1e-15 && d2 <= 1e-15
      ? Math.max(1e-6, h0 * 1e-3)
      : (0.01 / Math.max(d1, d2)) ** (1 / (errorOrder + 1));
  return Math.min(100 * h0, h1, span);
}
