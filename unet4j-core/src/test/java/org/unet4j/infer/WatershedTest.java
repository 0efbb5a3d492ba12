package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.data.LabelImage;

class WatershedTest {
    /** Two cells (0.9) and a membrane column (0.1) with one faint pixel (0.6): a gap at threshold 0.5. */
    private static final float[] GAPPY = {
        .9f, .9f, .1f, .9f, .9f,
        .9f, .9f, .1f, .9f, .9f,
        .9f, .9f, .6f, .9f, .9f,
        .9f, .9f, .1f, .9f, .9f};

    @Test
    void aGapInAMembraneNoLongerMergesTwoCells() {
        LabelImage components = Instances.fromForeground(mask(GAPPY, 0.5), 4, 5, 0);
        assertThat(components.max()).as("connected components leak through the gap").isEqualTo(1);

        Watershed.Basins b = Watershed.split(GAPPY, 4, 5, 0.7, 0, 0);
        assertThat(b.instances().labels()).containsExactly(
                1, 1, 0, 2, 2,
                1, 1, 0, 2, 2,
                1, 1, 0, 2, 2,
                1, 1, 0, 2, 2);
        for (int i = 0; i < GAPPY.length; i++) {
            assertThat(b.lines()[i]).isEqualTo(i % 5 == 2);
        }
        float[] sealed = b.sealed(GAPPY);
        assertThat(sealed[12]).isZero();
        assertThat(sealed[0]).isEqualTo(.9f);
        assertThat(GAPPY[12]).as("input untouched").isEqualTo(.6f);
        assertThat(Instances.fromForeground(mask(sealed, 0.0), 4, 5, 0).max()).isEqualTo(2);
    }

    @Test
    void aThickMembraneBecomesALineWhereTheBasinsMeet() {
        // cells at both ends, a membrane three pixels wide, darkest in its middle
        float[] p = {.9f, .8f, .3f, .1f, .2f, .8f, .9f};
        Watershed.Basins b = Watershed.split(p, 1, 7, 0.5, 0, 0);
        // the flood takes the brightest pixels first: 0.3 joins the left cell, 0.2 the right one, and
        // 0.1, reached from both, is the line
        assertThat(b.instances().labels()).containsExactly(1, 1, 1, 0, 2, 2, 2);
        assertThat(b.lines()).containsExactly(false, false, false, true, false, false, false);
    }

    @Test
    void theFloodThresholdKeepsTheBackgroundOut() {
        // two touching nuclei (0.9) with a faint boundary (0.6), background 0.05 around them
        float[] p = {
            .05f, .05f, .05f, .05f, .05f, .05f,
            .05f, .9f, .9f, .6f, .9f, .05f,
            .05f, .9f, .9f, .6f, .9f, .05f,
            .05f, .05f, .05f, .05f, .05f, .05f};
        Watershed.Basins b = Watershed.split(p, 4, 6, 0.7, 0.5, 0);
        assertThat(b.instances().labels()).containsExactly(
                0, 0, 0, 0, 0, 0,
                0, 1, 1, 0, 2, 0,
                0, 1, 1, 0, 2, 0,
                0, 0, 0, 0, 0, 0);
        assertThat(b.lines()[9]).isTrue();
        assertThat(b.lines()[0]).as("background is not a line").isFalse();
    }

    @Test
    void smallSeedsAreDroppedBeforeTheFlood() {
        // a one-pixel bright speck inside the membrane would otherwise become a cell of its own
        float[] p = {
            .9f, .9f, .2f, .2f, .2f, .9f, .9f,
            .9f, .9f, .2f, .8f, .2f, .9f, .9f,
            .9f, .9f, .2f, .2f, .2f, .9f, .9f};
        assertThat(Watershed.split(p, 3, 7, 0.5, 0, 0).instances().max()).isEqualTo(3);
        Watershed.Basins b = Watershed.split(p, 3, 7, 0.5, 0, 2);
        assertThat(b.instances().max()).isEqualTo(2);
        assertThat(b.instances().get(0, 0)).isEqualTo(1);
        assertThat(b.instances().get(0, 6)).isEqualTo(2);
    }

    @Test
    void onRandomMapsInstancesNeverTouchAndEachHoldsOneSeed() {
        Random r = new Random(5);
        int h = 40;
        int w = 53;
        for (int trial = 0; trial < 20; trial++) {
            float[] p = new float[h * w];
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextFloat();
            }
            double flood = trial % 2 == 0 ? 0 : 0.3;
            Watershed.Basins b = Watershed.split(p, h, w, 0.8, flood, 0);
            int[] l = b.instances().labels();
            LabelImage seeds = Instances.fromForeground(mask(p, 0.8), h, w, 0);
            assertThat(b.instances().max()).isEqualTo(seeds.max());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (x + 1 < w && l[i] > 0 && l[i + 1] > 0) {
                        assertThat(l[i + 1]).isEqualTo(l[i]);
                    }
                    if (y + 1 < h && l[i] > 0 && l[i + w] > 0) {
                        assertThat(l[i + w]).isEqualTo(l[i]);
                    }
                    if (seeds.labels()[i] > 0) {
                        assertThat(l[i]).as("seed pixels keep their seed's id").isEqualTo(seeds.labels()[i]);
                    }
                    if (p[i] <= flood) {
                        assertThat(l[i]).isZero();
                        assertThat(b.lines()[i]).isFalse();
                    }
                    assertThat(b.lines()[i] && l[i] > 0).isFalse();
                }
            }
        }
    }

    @Test
    void agreesWithScikitImagePixelForPixel() {
        // golden values: skimage.segmentation.watershed(1 - p, scipy.ndimage.label(p > 0.7)[0],
        // watershed_line=True) (scikit-image 0.19.3) on a blurred random map, values as float32
        float[] p = {
            0.434105783700943f, 0.4485989212989807f, 0.37485143542289734f, 0.47351929545402527f, 0.6961441040039062f, 0.6373956203460693f, 0.2550269067287445f, 0.008292649872601032f, 0.06157352402806282f, 0.14837029576301575f, 0.11642961204051971f, 0.23114636540412903f, 0.4499090909957886f, 0.6195454001426697f, 0.7360260486602783f, 0.7393196225166321f,
            0.4233785569667816f, 0.4328172504901886f, 0.3143026828765869f, 0.32292020320892334f, 0.498844176530838f, 0.5154671669006348f, 0.27676963806152344f, 0.12504631280899048f, 0.23179085552692413f, 0.3128296136856079f, 0.2161264419555664f, 0.23751266300678253f, 0.47061416506767273f, 0.7239845395088196f, 0.7883832454681396f, 0.6957812905311584f,
            0.5071669220924377f, 0.4472467005252838f, 0.24929004907608032f, 0.19968916475772858f, 0.3469593822956085f, 0.385524719953537f, 0.28670766949653625f, 0.25840845704078674f, 0.3956893980503082f, 0.46621188521385193f, 0.3621596395969391f, 0.3110550045967102f, 0.4610372483730316f, 0.6596004366874695f, 0.6382113099098206f, 0.5042610168457031f,
            0.3689550459384918f, 0.30817869305610657f, 0.15651294589042664f, 0.18773463368415833f, 0.34142622351646423f, 0.35038796067237854f, 0.35871392488479614f, 0.442718505859375f, 0.5805230736732483f, 0.621581494808197f, 0.509408175945282f, 0.3672897219657898f, 0.3569900393486023f, 0.42607414722442627f, 0.3835059106349945f, 0.316087543964386f,
            0.18920394778251648f, 0.18749511241912842f, 0.1596992313861847f, 0.31885379552841187f, 0.48822250962257385f, 0.4797535240650177f, 0.5222268104553223f, 0.6290379762649536f, 0.7410810589790344f, 0.7251407504081726f, 0.5606878995895386f, 0.3744330406188965f, 0.32819315791130066f, 0.3518449664115906f, 0.329078733921051f, 0.3237038850784302f,
            0.18111245334148407f, 0.2092461735010147f, 0.25958186388015747f, 0.43293195962905884f, 0.5619922280311584f, 0.5961905121803284f, 0.6569353342056274f, 0.7343254089355469f, 0.8169682621955872f, 0.7502181529998779f, 0.5651826858520508f, 0.48559272289276123f, 0.5664254426956177f, 0.6033979654312134f, 0.559272825717926f, 0.5471248626708984f,
            0.1901247501373291f, 0.1878984123468399f, 0.26679515838623047f, 0.4214140772819519f, 0.4965513050556183f, 0.5456801652908325f, 0.6080220937728882f, 0.6563805937767029f, 0.7180516719818115f, 0.6610428690910339f, 0.5086790323257446f, 0.5206984877586365f, 0.6880735754966736f, 0.7635939717292786f, 0.6960112452507019f, 0.6006814241409302f,
            0.05632801353931427f, 0.060611892491579056f, 0.22462405264377594f, 0.48275047540664673f, 0.5314825177192688f, 0.44221457839012146f, 0.36848729848861694f, 0.38351982831954956f, 0.5303884148597717f, 0.6051791310310364f, 0.49992623925209045f, 0.4659843146800995f, 0.5895872712135315f, 0.6839776039123535f, 0.6348856091499329f, 0.4668669104576111f,
            0.14800004661083221f, 0.17922841012477875f, 0.3349287807941437f, 0.5675576329231262f, 0.5922442674636841f, 0.4230775237083435f, 0.2569458484649658f, 0.28578343987464905f, 0.505396842956543f, 0.6292673945426941f, 0.5622512102127075f, 0.5176583528518677f, 0.5700587034225464f, 0.5445126295089722f, 0.42816707491874695f, 0.24237407743930817f,
            0.6169876456260681f, 0.621354341506958f, 0.5925159454345703f, 0.5784321427345276f, 0.5592854022979736f, 0.4695914387702942f, 0.35076093673706055f, 0.3580765128135681f, 0.5217637419700623f, 0.6411893963813782f, 0.6458560228347778f, 0.6084174513816833f, 0.573065459728241f, 0.4284822940826416f, 0.23637668788433075f, 0.056493692100048065f,
            0.9547102451324463f, 0.8974781632423401f, 0.7350137829780579f, 0.580607533454895f, 0.5997466444969177f, 0.6312509775161743f, 0.5501513481140137f, 0.4909713864326477f, 0.5669205188751221f, 0.6440121531486511f, 0.5602938532829285f, 0.446751207113266f, 0.42680108547210693f, 0.35019049048423767f, 0.1896563172340393f, 0.0f,
            1.0f, 0.8930009007453918f, 0.7216340899467468f, 0.6051339507102966f, 0.7164030075073242f, 0.7709721922874451f, 0.6890017986297607f, 0.6805495619773865f, 0.7181928157806396f, 0.6364871859550476f, 0.34511616826057434f, 0.20851047337055206f, 0.3170582950115204f, 0.3305668234825134f, 0.2032758742570877f, 0.008336684666574001f};
        int[] expected = {
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, 1, 1, 1,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, 1, 1, 1,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, 1, 1,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, 0,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 3,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 3, 3, 3, 3,
            2, 2, 2, 0, 0, 2, 2, 2, 2, 2, 0, 3, 3, 3, 3, 3,
            0, 0, 0, 4, 4, 0, 2, 2, 2, 0, 6, 0, 3, 3, 3, 3,
            4, 4, 4, 4, 4, 0, 2, 0, 0, 6, 6, 6, 0, 3, 3, 3,
            4, 4, 4, 4, 0, 5, 0, 6, 6, 6, 6, 6, 6, 0, 3, 3,
            4, 4, 4, 0, 5, 5, 5, 0, 6, 6, 6, 6, 6, 6, 0, 0,
            4, 4, 4, 0, 5, 5, 5, 0, 6, 6, 6, 6, 6, 6, 6, 6};
        Watershed.Basins b = Watershed.split(p, 12, 16, 0.7, 0, 0);
        assertThat(b.instances().labels()).containsExactly(expected);
    }

    @Test
    void impossibleThresholdsAreInputErrors() {
        assertThatThrownBy(() -> Watershed.split(GAPPY, 4, 5, 1.5, 0, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("seed threshold 1.5 is not a probability");
        assertThatThrownBy(() -> Watershed.split(GAPPY, 4, 5, 0.5, 0.6, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("flood threshold 0.6 must be at least 0 and below seed threshold 0.5");
        assertThatThrownBy(() -> new PostProcessing(1, PostProcessing.Method.WATERSHED, 0.5, -1, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("flood threshold -1.0");
    }

    @Test
    void postProcessingNoneIsThePapersOutput() {
        Prediction p = twoClass(GAPPY, 4, 5);
        PostProcessing.Outputs none = PostProcessing.none(1, 0).apply(p, true);
        assertThat(none.foreground()).containsExactly(GAPPY);
        assertThat(none.instances().max()).isEqualTo(1);
        PostProcessing.Outputs ws = new PostProcessing(1, PostProcessing.Method.WATERSHED, 0.7, 0, 0).apply(p, true);
        assertThat(ws.instances().max()).isEqualTo(2);
        assertThat(ws.foreground()[12]).isZero();
        assertThat(PostProcessing.none(1, 0).apply(p, false).instances()).isNull();
        assertThat(new PostProcessing(1, PostProcessing.Method.WATERSHED, 0.7, 0, 0).describe()).isEqualTo("watershed (seeds > 0.7, flood > 0)");
    }

    private static Prediction twoClass(float[] fg, int h, int w) {
        float[] bg = new float[fg.length];
        for (int i = 0; i < fg.length; i++) {
            bg[i] = 1 - fg[i];
        }
        return new Prediction(h, w, new float[][] {bg, fg});
    }

    private static boolean[] mask(float[] p, double threshold) {
        boolean[] m = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            m[i] = p[i] > threshold;
        }
        return m;
    }
}
