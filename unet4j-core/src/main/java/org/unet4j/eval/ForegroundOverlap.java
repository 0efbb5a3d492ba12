package org.unet4j.eval;

/**
 * Overlap statistics of two labellings of one slice, restricted to the ground-truth foreground
 * (ground-truth label &gt; 0), from which the foreground-restricted Rand counts (both
 * normalisations) and the information-theoretic F-score of the ISBI 2012 metrics follow.
 *
 * <p>With n<sub>ij</sub> = |A = i, B = j| over pixels with A &gt; 0, a<sub>i</sub> = Σ<sub>j</sub>
 * n<sub>ij</sub>, b<sub>j</sub> = Σ<sub>i</sub> n<sub>ij</sub> (j ≥ 1) and n₀ the ground-truth
 * foreground pixels that the prediction labels 0:
 *
 * @param n foreground pixels
 * @param n0 foreground pixels with prediction label 0
 * @param sumA2 Σ a<sub>i</sub>²
 * @param sumB2 Σ b<sub>j</sub>² (j ≥ 1)
 * @param sumN2 Σ n<sub>ij</sub>² (j ≥ 1)
 * @param pairsA Σ C(a<sub>i</sub>, 2)
 * @param pairsB Σ C(b<sub>j</sub>, 2)
 * @param pairsN Σ C(n<sub>ij</sub>, 2)
 * @param plogpA Σ p ln p with p = a<sub>i</sub>/n
 * @param plogpB Σ p ln p with p = b<sub>j</sub>/n
 * @param plogpN Σ p ln p with p = n<sub>ij</sub>/n
 */
record ForegroundOverlap(long n, long n0, long sumA2, long sumB2, long sumN2, long pairsA, long pairsB, long pairsN,
        double plogpA, double plogpB, double plogpN) {

    /**
     * The statistics of ground-truth labels {@code gt} (0..gtCount, 0 = outside the foreground)
     * against prediction labels {@code pred} (0..predCount).
     */
    static ForegroundOverlap of(int[] gt, int gtCount, int[] pred, int predCount) {
        int size = gt.length;
        // group the foreground pixels by ground-truth label (counting sort)
        int[] start = new int[gtCount + 2];
        for (int v : gt) {
            if (v > 0) {
                start[v + 1]++;
            }
        }
        for (int i = 1; i <= gtCount + 1; i++) {
            start[i] += start[i - 1];
        }
        int n = start[gtCount + 1];
        int[] pos = new int[gtCount + 1];
        System.arraycopy(start, 0, pos, 0, gtCount + 1);
        int[] predOfGroup = new int[n];
        for (int p = 0; p < size; p++) {
            int v = gt[p];
            if (v > 0) {
                predOfGroup[pos[v]++] = pred[p];
            }
        }
        long[] bIn = new long[predCount + 1];
        int[] scratch = new int[predCount + 1];
        int[] touched = new int[predCount + 1];
        long n0 = 0;
        long sumA2 = 0;
        long sumN2 = 0;
        long pairsA = 0;
        long pairsN = 0;
        double plogpA = 0;
        double plogpN = 0;
        double nf = n;
        for (int a = 1; a <= gtCount; a++) {
            int lo = start[a];
            int hi = start[a + 1];
            long ai = hi - lo;
            if (ai == 0) {
                continue;
            }
            sumA2 += ai * ai;
            pairsA += ai * (ai - 1) / 2;
            plogpA += plogp(ai / nf);
            int nt = 0;
            for (int k = lo; k < hi; k++) {
                int b = predOfGroup[k];
                if (b == 0) {
                    n0++;
                } else {
                    if (scratch[b] == 0) {
                        touched[nt++] = b;
                    }
                    scratch[b]++;
                }
            }
            for (int t = 0; t < nt; t++) {
                int b = touched[t];
                long nij = scratch[b];
                scratch[b] = 0;
                bIn[b] += nij;
                sumN2 += nij * nij;
                pairsN += nij * (nij - 1) / 2;
                plogpN += plogp(nij / nf);
            }
        }
        long sumB2 = 0;
        long pairsB = 0;
        double plogpB = 0;
        for (int b = 1; b <= predCount; b++) {
            long bj = bIn[b];
            if (bj > 0) {
                sumB2 += bj * bj;
                pairsB += bj * (bj - 1) / 2;
                plogpB += plogp(bj / nf);
            }
        }
        return new ForegroundOverlap(n, n0, sumA2, sumB2, sumN2, pairsA, pairsB, pairsN, plogpA, plogpB, plogpN);
    }

    private static double plogp(double p) {
        return p * Math.log(p);
    }

    /**
     * Rand counts with N² normalisation (Fiji from January 2015, SNEMI3D): ordered pairs with
     * self-pairs, each prediction-background pixel its own singleton. {tp, fp, fn}; NaN when the
     * slice has no foreground.
     */
    double[] randN2() {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {sumN2 + n0, sumB2 - sumN2, sumA2 - sumN2 - n0};
    }

    /** Rand counts on unordered pairs, C(n, 2) normalisation (Fiji 2012-08 .. 2014-12). {tp, fp, fn}. */
    double[] randPairs() {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {pairsN, pairsB - pairsN, pairsA - pairsN};
    }

    /**
     * The foreground-restricted information F-score of Fiji's {@code VariationOfInformation}:
     * natural logs; prediction-background pixels are singletons; precision = I/H(A), recall =
     * I/H(B); if H(A) = 0 then (P, R) = (0, 1), then if H(B) = 0 then (P, R) = (1, 0); 0/0 gives NaN.
     */
    double infoFScore() {
        if (n == 0) {
            return Double.NaN;
        }
        double nf = n;
        double aux = n0 / nf;
        double logN = Math.log(nf);
        double sumA = plogpA;
        double sumB = plogpB - aux * logN;
        double sumAB = plogpN - aux * logN;
        double ha = -sumA;
        double hb = -sumB;
        double hab = sumB - sumAB;
        double hba = sumA - sumAB;
        double precision = ha != 0 ? (ha - hab) / ha : Double.NaN;
        double recall = hb != 0 ? (hb - hba) / hb : Double.NaN;
        if (ha == 0) {
            precision = 0.0;
            recall = 1.0;
        }
        if (hb == 0) {
            precision = 1.0;
            recall = 0.0;
        }
        if (precision + recall == 0) {
            return Double.NaN;
        }
        return 2.0 * precision * recall / (precision + recall);
    }
}
