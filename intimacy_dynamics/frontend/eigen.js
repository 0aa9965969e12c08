// Eigenvalues of a real square matrix, for the readout's equilibrium kind (n up to ~40).
//
// The classic dense method (as in EISPACK's balanc, orthes and hqr, and JAMA):
//   1. Balance: scale rows and columns by powers of two (exactly) so that each row and
//      its column have similar norms; the eigenvalues do not change, their accuracy does.
//   2. Reduce to upper Hessenberg form by Householder similarity transformations.
//   3. Francis double-shift QR iterations on the Hessenberg matrix, deflating a real
//      eigenvalue (1×1 block) or a complex pair (2×2 block) whenever a subdiagonal entry
//      becomes negligible; exceptional shifts at iterations 10 and 30 break cycles.
// EISPACK's and JAMA's steps, restricted to the eigenvalues (no Schur vectors).
// Accurate to a small multiple of machine precision times the matrix's norm for
// eigenvalues that are well conditioned; a defective eigenvalue (a Jordan block of size
// k) is only found to about eps^(1/k), as by any backward-stable method (and numpy's).

const EPS = 2 ** -52;
const MAX_ITERATIONS = 100; // QR steps per eigenvalue before giving up

/**
 * The eigenvalues of `matrix` (an array of n rows of n finite numbers).
 *
 * @returns {{re: Float64Array, im: Float64Array}} real and imaginary parts; a complex
 *   pair comes as two neighbours, the one with positive imaginary part first.
 */
export function eigenvalues(matrix) {
  const n = matrix.length;
  const a = matrix.map((row, i) => {
    if (row.length !== n) {
      throw new Error(`row ${i} of the matrix has ${row.length} entries, not ${n}`);
    }
    if (!Array.from(row).every(Number.isFinite)) {
      throw new Error(`row ${i} of the matrix is not all finite numbers`);
    }
    return Float64Array.from(row);
  });
  balance(a);
  toHessenberg(a);
  return hessenbergQR(a);
}

/** Step 1, in place: similarity scaling by powers of two (EISPACK's balanc, no permutation). */
function balance(a) {
  const n = a.length;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let column = 0;
      let row = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        column += Math.abs(a[j][i]);
        row += Math.abs(a[i][j]);
      }
      if (column === 0 || row === 0) continue;
      const total = column + row;
      let f = 1;
      while (column < row / 2) {
        f *= 2;
        column *= 4;
      }
      while (column > row * 2) {
        f /= 2;
        column /= 4;
      }
      if ((column + row) / f < 0.95 * total) {
        // each change shrinks the norm by 5% at least, so the loop ends
        done = false;
        for (let j = 0; j < n; j++) a[i][j] /= f;
        for (let j = 0; j < n; j++) a[j][i] *= f;
      }
    }
  }
}

/** Step 2, in place: Householder reflections zero each column below the subdiagonal. */
function toHessenberg(a) {
  const n = a.length;
  const v = new Float64Array(n);
  for (let m = 1; m < n - 1; m++) {
    let scale = 0;
    for (let i = m; i < n; i++) scale += Math.abs(a[i][m - 1]);
    if (scale === 0) continue;
    // the reflection I - v v' / h sends column m-1 (rows m..n-1) onto a multiple of e_m
    let h = 0;
    for (let i = n - 1; i >= m; i--) {
      v[i] = a[i][m - 1] / scale;
      h += v[i] * v[i];
    }
    const g = v[m] > 0 ? -Math.sqrt(h) : Math.sqrt(h);
    h -= v[m] * g;
    v[m] -= g;
    for (let j = m; j < n; j++) {
      // from the left: rows m..n-1
      let f = 0;
      for (let i = n - 1; i >= m; i--) f += v[i] * a[i][j];
      f /= h;
      for (let i = m; i < n; i++) a[i][j] -= f * v[i];
    }
    for (let i = 0; i < n; i++) {
      // from the right: columns m..n-1
      let f = 0;
      for (let j = n - 1; j >= m; j--) f += v[j] * a[i][j];
      f /= h;
      for (let j = m; j < n; j++) a[i][j] -= f * v[j];
    }
    a[m][m - 1] = scale * g;
    for (let i = m + 1; i < n; i++) a[i][m - 1] = 0;
  }
}

/** Step 3: the eigenvalues of the Hessenberg matrix `h` (overwritten), by shifted QR. */
function hessenbergQR(h) {
  const re = new Float64Array(h.length);
  const im = new Float64Array(h.length);
  let norm = 0; // of the Hessenberg part, for the test of a negligible entry
  h.forEach((row, i) => row.forEach((v, j) => (norm += j >= i - 1 ? Math.abs(v) : 0)));
  let n = h.length - 1; // the active block is rows and columns l..n
  let shifted = 0; // the sum of the exceptional shifts taken out of the diagonal
  let iteration = 0;
  while (n >= 0) {
    const l = negligibleSubdiagonal(h, n, norm);
    if (l === n) {
      // a 1×1 block: one real eigenvalue
      re[n] = h[n][n] + shifted;
      n -= 1;
      iteration = 0;
    } else if (l === n - 1) {
      // a 2×2 block: two real eigenvalues or a complex pair
      [re[n - 1], im[n - 1], re[n], im[n]] = blockEigenvalues(h, n, shifted);
      n -= 2;
      iteration = 0;
    } else {
      if (iteration === MAX_ITERATIONS) {
        throw new Error(`the eigenvalues did not converge in ${MAX_ITERATIONS} QR iterations`);
      }
      shifted += doubleShiftStep(h, l, n, iteration);
      iteration += 1;
    }
  }
  return { re, im };
}

/** The start l of the active block ending at n: h[l][l-1] is negligible (or l is 0). */
function negligibleSubdiagonal(h, n, norm) {
  let l = n;
  while (l > 0) {
    const s = Math.abs(h[l - 1][l - 1]) + Math.abs(h[l][l]) || norm;
    if (Math.abs(h[l][l - 1]) <= EPS * s) break; // "<=": a zero matrix deflates too
    l -= 1;
  }
  return l;
}

/** The eigenvalues [re1, im1, re2, im2] of the trailing 2×2 block ending at n. */
function blockEigenvalues(h, n, shifted) {
  const w = h[n][n - 1] * h[n - 1][n];
  const p = (h[n - 1][n - 1] - h[n][n]) / 2;
  const q = p * p + w;
  const x = h[n][n] + shifted;
  if (q < 0) {
    const z = Math.sqrt(-q);
    return [x + p, z, x + p, -z];
  }
  // two real ones: the larger root directly, the other from the product (no cancellation)
  const z = p >= 0 ? p + Math.sqrt(q) : p - Math.sqrt(q);
  return [x + z, 0, z !== 0 ? x - w / z : x + z, 0];
}

/**
 * One Francis double-shift QR step on the active block l..n of `h`, in place; the
 * `iteration`-th on this block (from 0). Returns the exceptional shift it subtracted
 * from the diagonal (0 for an ordinary step).
 */
function doubleShiftStep(h, l, n, iteration) {
  let x = h[n][n];
  let y = h[n - 1][n - 1];
  let w = h[n][n - 1] * h[n - 1][n];
  let exceptional = 0;
  if (iteration === 10) {
    // Wilkinson's ad hoc shift
    exceptional = x;
    for (let i = 0; i <= n; i++) h[i][i] -= x;
    const s = Math.abs(h[n][n - 1]) + Math.abs(h[n - 1][n - 2]);
    x = y = 0.75 * s;
    w = -0.4375 * s * s;
  } else if (iteration === 30) {
    // MATLAB's ad hoc shift
    let s = (y - x) / 2;
    s = s * s + w;
    if (s > 0) {
      s = Math.sqrt(s);
      if (y < x) s = -s;
      s = x - w / ((y - x) / 2 + s);
      for (let i = 0; i <= n; i++) h[i][i] -= s;
      exceptional = s;
      x = y = w = 0.964;
    }
  }
  // the first column of (H - s1)(H - s2), from two consecutive small subdiagonal entries
  let m = n - 2;
  let p, q, r;
  for (; ; m--) {
    const z = h[m][m];
    const dx = x - z;
    const dy = y - z;
    p = (dx * dy - w) / h[m + 1][m] + h[m][m + 1];
    q = h[m + 1][m + 1] - z - dx - dy;
    r = h[m + 2][m + 1];
    const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
    p /= s;
    q /= s;
    r /= s;
    if (m === l) break;
    const coupling = Math.abs(h[m][m - 1]) * (Math.abs(q) + Math.abs(r));
    const diagonal = Math.abs(h[m - 1][m - 1]) + Math.abs(z) + Math.abs(h[m + 1][m + 1]);
    const size = Math.abs(p) * diagonal;
    if (coupling < EPS * size) break;
  }
  for (let i = m + 2; i <= n; i++) {
    h[i][i - 2] = 0;
    if (i > m + 2) h[i][i - 3] = 0;
  }
  // chase the bulge down with 3×3 (2×2 in the last column) Householder reflections
  for (let k = m; k < n; k++) {
    const notLast = k !== n - 1;
    let size = 0;
    if (k !== m) {
      p = h[k][k - 1];
      q = h[k + 1][k - 1];
      r = notLast ? h[k + 2][k - 1] : 0;
      size = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (size === 0) continue;
      p /= size;
      q /= size;
      r /= size;
    }
    let s = Math.sqrt(p * p + q * q + r * r);
    if (p < 0) s = -s;
    if (s === 0) continue;
    if (k !== m) h[k][k - 1] = -s * size;
    else if (l !== m) h[k][k - 1] = -h[k][k - 1];
    p += s;
    const [vx, vy, vz] = [p / s, q / s, r / s];
    q /= p;
    r /= p;
    for (let j = k; j < h.length; j++) {
      // rows k..k+2
      let f = h[k][j] + q * h[k + 1][j];
      if (notLast) {
        f += r * h[k + 2][j];
        h[k + 2][j] -= f * vz;
      }
      h[k][j] -= f * vx;
      h[k + 1][j] -= f * vy;
    }
    for (let i = 0; i <= Math.min(n, k + 3); i++) {
      // columns k..k+2
      let f = vx * h[i][k] + vy * h[i][k + 1];
      if (notLast) {
        f += vz * h[i][k + 2];
        h[i][k + 2] -= f * r;
      }
      h[i][k] -= f;
      h[i][k + 1] -= f * q;
    }
  }
  return exceptional;
}
