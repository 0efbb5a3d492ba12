package org.unet4j.eval;

import java.util.Arrays;

/**
 * Size of a maximum-cardinality matching of a bipartite graph, by breadth-first augmenting paths.
 *
 * <p>Written by hand because it is all the object AP needs: the reference scorer (like StarDist
 * and Cellpose) solves a linear assignment with cost −[IoU ≥ t] − IoU / (2·min(n<sub>true</sub>,
 * n<sub>pred</sub>)). The tie-breaking term of a whole assignment sums to at most 1/2, less than
 * one pair, so every optimal assignment has the largest possible number of pairs with IoU ≥ t;
 * the true positives are exactly the size of a maximum matching of the graph whose edges are the
 * pairs with IoU ≥ t. This computes that number exactly, without floating-point costs or a
 * library (no well-kept Maven Central library offers a plain-array assignment solver without
 * pulling in a large framework).
 */
final class MaxMatching {
    private MaxMatching() {
    }

    /**
     * @param adjacency for each left vertex, the right vertices (0..rightCount-1) it may match
     * @return the number of pairs in a maximum matching
     */
    static int size(int[][] adjacency, int rightCount) {
        int left = adjacency.length;
        int[] matchLeft = new int[left];
        int[] matchRight = new int[rightCount];
        Arrays.fill(matchLeft, -1);
        Arrays.fill(matchRight, -1);
        int[] parent = new int[rightCount];
        int[] seen = new int[rightCount];
        int[] queue = new int[left];
        int matched = 0;
        for (int u = 0; u < left; u++) {
            if (adjacency[u].length == 0) {
                continue;
            }
            int mark = u + 1;
            int head = 0;
            int tail = 0;
            queue[tail++] = u;
            int free = -1;
            while (head < tail && free < 0) {
                int v = queue[head++];
                for (int w : adjacency[v]) {
                    if (seen[w] == mark) {
                        continue;
                    }
                    seen[w] = mark;
                    parent[w] = v;
                    if (matchRight[w] < 0) {
                        free = w;
                        break;
                    }
                    queue[tail++] = matchRight[w];
                }
            }
            if (free < 0) {
                continue;
            }
            // flip the path ending at the free right vertex
            int w = free;
            while (w >= 0) {
                int v = parent[w];
                int next = matchLeft[v];
                matchLeft[v] = w;
                matchRight[w] = v;
                w = next;
            }
            matched++;
        }
        return matched;
    }
}
