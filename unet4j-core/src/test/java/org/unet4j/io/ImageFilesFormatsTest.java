package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/** Every supported format and bit depth read back exactly; files from ImageJ read, files for ImageJ opened by it. */
class ImageFilesFormatsTest {
    private static final int H = 5;
    private static final int W = 7;

    @TempDir
    Path dir;

    private static double[] ramp(double start, double step) {
        double[] v = new double[H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i * step;
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private Path file(String name, TiffBuilder b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b.build());
        return p;
    }

    private static void assertPages(Path f, int pages, double[]... values) {
        List<Image> images = ImageFiles.readImages(f);
        assertThat(images).hasSize(pages);
        for (int i = 0; i < pages; i++) {
            assertThat(images.get(i).channels()).isEqualTo(1);
            assertThat(images.get(i).pixels()).containsExactly(floats(values[i % values.length]));
        }
    }

    @Test
    void tiffIntegerDepthsByteOrdersAndSignedness() throws IOException {
        double[] u8 = ramp(0, 7);
        double[] u16 = ramp(0, 1800);
        double[] s16 = ramp(-20000, 1100);
        double[] u32 = ramp(0, 1e8);
        assertPages(file("u8.tif", new TiffBuilder(H, W).page(u8).page(ramp(3, 1))), 2, u8, ramp(3, 1));
        assertPages(file("u16.tif", new TiffBuilder(H, W).type(16, 1).page(u16)), 1, u16);
        assertPages(file("u16be.tif", new TiffBuilder(H, W).type(16, 1).bigEndian().page(u16).page(u16)), 2, u16);
        assertPages(file("s16.tif", new TiffBuilder(H, W).type(16, 2).page(s16)), 1, s16);
        assertPages(file("u12.tif", new TiffBuilder(H, W).type(12, 1).page(ramp(0, 110))), 1, ramp(0, 110));
        double[] bits = new double[H * W];
        for (int i = 0; i < bits.length; i += 3) {
            bits[i] = 1;
        }
        // 1-bit: labels are the bits, images the grey levels ImageJ shows (0/255)
        Path u1 = file("u1.tif", new TiffBuilder(H, W).type(1, 1).page(bits));
        assertThat(ImageFiles.readLabelImage(u1).labels()).containsExactly(Arrays.stream(bits).mapToInt(x -> (int) x).toArray());
        assertThat(ImageFiles.readImage(u1).pixels()[3]).isEqualTo(255f);
        assertThat(ImageFiles.describe(u1).typeText()).isEqualTo("1-bit");
        // unsigned 32-bit beyond 2^31 stays positive
        Image big = ImageFiles.readImage(file("u32.tif", new TiffBuilder(H, W).type(32, 1).page(u32)));
        assertThat(big.pixels()[H * W - 1]).isEqualTo((float) u32[H * W - 1]);
        assertThatThrownBy(() -> ImageFiles.readLabelImage(dir.resolve("u32.tif"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label value 2200000000 at x=1 y=3 is above 2147483647");
        Path ids = file("ids32.tif", new TiffBuilder(H, W).type(32, 1).page(ramp(0, 1e6)));
        assertThat(ImageFiles.readLabelImage(ids).labels()[3]).isEqualTo(3_000_000);
        assertThat(ImageFiles.describe(dir.resolve("s16.tif")).typeText()).isEqualTo("16-bit signed");
        assertThat(ImageFiles.describe(dir.resolve("u12.tif")).bitsPerSample()).isEqualTo(12);
    }

    @Test
    void tiffFloatPredictorsCompressionAndBigTiff() throws IOException {
        double[] f = ramp(-1.5, 0.173);
        double[] u16 = ramp(0, 1800);
        assertPages(file("f32.tif", new TiffBuilder(H, W).type(32, 3).page(f).page(f)), 2, f);
        assertPages(file("f32be.tif", new TiffBuilder(H, W).type(32, 3).bigEndian().page(f)), 1, f);
        assertPages(file("f64.tif", new TiffBuilder(H, W).type(64, 3).page(ramp(-1.5, 0.25))), 1, ramp(-1.5, 0.25));
        assertPages(file("u8z2.tif", new TiffBuilder(H, W).deflate(2).page(ramp(0, 7)).page(ramp(0, 7))), 2, ramp(0, 7));
        assertPages(file("u16z2.tif", new TiffBuilder(H, W).type(16, 1).deflate(2).page(u16).page(u16)), 2, u16);
        assertPages(file("u16z2be.tif", new TiffBuilder(H, W).type(16, 1).bigEndian().deflate(2).page(u16)), 1, u16);
        assertPages(file("f32z3.tif", new TiffBuilder(H, W).type(32, 3).deflate(3).page(f).page(f)), 2, f);
        assertPages(file("f32z3be.tif", new TiffBuilder(H, W).type(32, 3).bigEndian().deflate(3).page(f)), 1, f);
        assertPages(file("big.tif", new TiffBuilder(H, W).type(16, 1).bigTiff().page(u16).page(u16).page(u16)), 3, u16);
        ImageFileInfo info = ImageFiles.describe(dir.resolve("f32z3.tif"));
        assertThat(info).extracting(ImageFileInfo::format, ImageFileInfo::pages, ImageFileInfo::height, ImageFileInfo::width,
                ImageFileInfo::channels, ImageFileInfo::bitsPerSample, ImageFileInfo::sampleFormat)
                .containsExactly("TIFF", 2, H, W, 1, 32, ImageFileInfo.SampleFormat.FLOAT);
        assertThat(info.compression()).isEqualTo("ZLib");
        assertThat(info.summary()).isEqualTo("TIFF, 2 pages, 5x7, 1 channel, 32-bit float, gray, compression ZLib");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LZW", "Deflate", "ZLib", "PackBits"})
    void compressedTiffStacksAsFijiAndQuPathWriteThem(String compression) throws IOException {
        double[] v = ramp(0, 1800);
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
            double[] values = type == BufferedImage.TYPE_BYTE_GRAY ? ramp(0, 7) : v;
            BufferedImage page = new BufferedImage(W, H, type);
            page.getRaster().setSamples(0, 0, W, H, 0, values);
            Path p = dir.resolve(compression + type + ".tif");
            ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < 3; i++) {
                    writer.writeToSequence(new IIOImage(page, null, null), param);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            assertPages(p, 3, values);
            assertThat(ImageFiles.describe(p).compression()).isNotEqualTo("None");
        }
    }

    @Test
    void jpegCompressedTiffIsRead() throws IOException {
        BufferedImage page = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 256; i++) {
            page.getRaster().setSample(i % 16, i / 16, 0, 100);
        }
        Path p = dir.resolve("jpeg.tif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("JPEG");
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(page, null, null), param);
            writer.writeToSequence(new IIOImage(page, null, null), param);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        List<Image> pages = ImageFiles.readImages(p);
        assertThat(pages).hasSize(2);
        assertThat(pages.get(1).channels()).isEqualTo(1);
        assertThat(pages.get(1).get(0, 8, 8)).isBetween(98f, 102f);
        assertThat(ImageFiles.describe(p).compression()).containsIgnoringCase("JPEG");
    }

    @Test
    void rgbTiffAndPngGiveThreeChannelsAlphaIsDropped() throws IOException {
        double[] rgb = new double[3 * H * W];
        for (int i = 0; i < H * W; i++) {
            rgb[3 * i] = i;
            rgb[3 * i + 1] = 100 + i;
            rgb[3 * i + 2] = 200 + i;
        }
        Image t = ImageFiles.readImage(file("rgb.tif", new TiffBuilder(H, W).rgb().page(rgb)));
        assertThat(t.channels()).isEqualTo(3);
        assertThat(t.get(0, 1, 2)).isEqualTo(9f);
        assertThat(t.get(1, 1, 2)).isEqualTo(109f);
        assertThat(t.get(2, 1, 2)).isEqualTo(209f);

        BufferedImage argb = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 1, 0x80_0A_6E_D2);
        ImageFiles.writePng(dir.resolve("rgba.png"), argb);
        Image p = ImageFiles.readImage(dir.resolve("rgba.png"));
        assertThat(p.channels()).isEqualTo(3);
        assertThat(new float[] {p.get(0, 1, 2), p.get(1, 1, 2), p.get(2, 1, 2)}).containsExactly(10f, 110f, 210f);
        ImageFileInfo info = ImageFiles.describe(dir.resolve("rgba.png"));
        assertThat(info.colour()).isEqualTo("RGBA");
        assertThat(info.channels()).isEqualTo(3);
        assertThat(info.summary()).contains("(alpha ignored)");
    }

    @Test
    void pngGrayDepthsAndLabelRoundTrips() {
        LabelImage l8 = new LabelImage(H, W, new int[H * W]);
        LabelImage l16 = new LabelImage(H, W, new int[H * W]);
        for (int i = 0; i < H * W; i++) {
            l8.labels()[i] = (i * 37) % 256;
            l16.labels()[i] = (i * 1931) % 65536;
        }
        for (String ext : List.of("png", "tif")) {
            for (LabelImage l : List.of(l8, l16)) {
                Path f = dir.resolve("l" + l.max() + "." + ext);
                ImageFiles.writeLabelImage(f, l);
                assertThat(ImageFiles.readLabelImage(f)).isEqualTo(l);
                assertThat(ImageFiles.describe(f).bitsPerSample()).isEqualTo(l == l8 ? 8 : 16);
                assertThat(ImageFiles.readImage(f).pixels()[5]).isEqualTo(l.labels()[5]);
            }
        }
        Path stack = dir.resolve("stack.tif");
        ImageFiles.writeLabelImages(stack, List.of(l16, l8, l16), TiffCompression.DEFLATE);
        assertThat(ImageFiles.readLabelImages(stack)).containsExactly(l16, l8, l16);
        assertThat(ImageFiles.describe(stack).compression()).isEqualTo("ZLib");
    }

    @Test
    void palettePngLabelsAreIndicesImagesAreColours() {
        byte[] r = {0, (byte) 255, 0};
        byte[] g = {0, 0, (byte) 255};
        byte[] b = {0, 0, 0};
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        img.getRaster().setSample(3, 2, 0, 2);
        img.getRaster().setSample(4, 2, 0, 1);
        ImageFiles.writePng(dir.resolve("pal.png"), img);
        LabelImage labels = ImageFiles.readLabelImage(dir.resolve("pal.png"));
        assertThat(labels.get(2, 3)).isEqualTo(2);
        assertThat(labels.get(2, 4)).isEqualTo(1);
        assertThat(labels.get(0, 0)).isZero();
        Image colours = ImageFiles.readImage(dir.resolve("pal.png"));
        assertThat(colours.channels()).isEqualTo(3);
        assertThat(colours.get(1, 2, 3)).isEqualTo(255f);
        assertThat(ImageFiles.describe(dir.resolve("pal.png")).sampleFormat()).isEqualTo(ImageFileInfo.SampleFormat.INDEX);
        // 1-bit PNG masks read as 0/1
        BufferedImage bin = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY);
        bin.getRaster().setSample(1, 1, 0, 1);
        ImageFiles.writePng(dir.resolve("bin.png"), bin);
        assertThat(ImageFiles.readLabelImage(dir.resolve("bin.png")).get(1, 1)).isEqualTo(1);
        assertThat(ImageFiles.readLabelImage(dir.resolve("bin.png")).max()).isEqualTo(1);
    }

    @Test
    void floatTiffRoundTripIsBitExact() {
        float[] p0 = {0f, 0.5f, 1f, -2.5f, 1e-7f, Float.MIN_VALUE, 3.25f, Float.MAX_VALUE, 0.1f, 1f / 3};
        float[] p1 = new float[10];
        for (int i = 0; i < 10; i++) {
            p1[i] = (float) Math.sin(i) * 1e5f;
        }
        for (TiffCompression c : TiffCompression.values()) {
            Path f = dir.resolve("p" + c + ".tif");
            ImageFiles.writeFloatTiff(f, List.of(p0, p1), 2, 5, c);
            List<Image> pages = ImageFiles.readImages(f);
            assertThat(pages).hasSize(2);
            assertThat(pages.get(0).pixels()).containsExactly(p0);
            assertThat(pages.get(1).pixels()).containsExactly(p1);
        }
    }

    @Test
    void imageJWrittenStacksAreRead() {
        for (int bits : new int[] {8, 16, 32}) {
            ImageStack st = new ImageStack(W, H);
            for (int s = 0; s < 3; s++) {
                ImageProcessor ip = bits == 8 ? new ByteProcessor(W, H) : bits == 16 ? new ShortProcessor(W, H) : new FloatProcessor(W, H);
                for (int i = 0; i < H * W; i++) {
                    ip.setf(i, bits == 32 ? i * 0.5f - 3 + s : i + s * 10);
                }
                st.addSlice(ip);
            }
            Path f = dir.resolve("ij" + bits + ".tif");
            IJ.saveAsTiff(new ImagePlus("stack", st), f.toString());
            List<Image> pages = ImageFiles.readImages(f);
            assertThat(pages).hasSize(3);
            for (int s = 0; s < 3; s++) {
                assertThat(pages.get(s).pixels()).containsExactly((float[]) st.getProcessor(s + 1).convertToFloat().getPixels());
            }
            assertThat(ImageFiles.describe(f).bitsPerSample()).isEqualTo(bits);
        }
    }

    @Test
    void filesWrittenHereOpenInImageJAsStacks() {
        float[] p0 = new float[H * W];
        float[] p1 = new float[H * W];
        for (int i = 0; i < p0.length; i++) {
            p0[i] = i / 34f;
            p1[i] = 1 - i / 34f;
        }
        Path probs = dir.resolve("probs.tif");
        ImageFiles.writeFloatTiff(probs, List.of(p0, p1, p0), H, W);
        ImagePlus imp = IJ.openImage(probs.toString());
        assertThat(imp.getStackSize()).isEqualTo(3);
        assertThat(imp.getBitDepth()).isEqualTo(32);
        assertThat((float[]) imp.getStack().getPixels(2)).containsExactly(p1);

        LabelImage l = new LabelImage(H, W, new int[H * W]);
        for (int i = 0; i < H * W; i++) {
            l.labels()[i] = i * 1000;
        }
        for (TiffCompression c : TiffCompression.values()) {
            Path labels = dir.resolve("labels" + c + ".tif");
            ImageFiles.writeLabelImages(labels, List.of(l, l), c);
            ImagePlus lab = IJ.openImage(labels.toString());
            assertThat(lab.getStackSize()).isEqualTo(2);
            assertThat(lab.getBitDepth()).isEqualTo(16);
            assertThat(lab.getStack().getProcessor(2).get(4, 3)).isEqualTo(l.get(3, 4));
        }
    }

    @Test
    void badFilesGiveOneLineErrors() throws IOException {
        assertThatThrownBy(() -> ImageFiles.readImages(dir.resolve("missing.tif")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.tif: no such file");
        assertThatThrownBy(() -> ImageFiles.readImages(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is a folder");
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThatThrownBy(() -> ImageFiles.readImages(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notes.png: not a PNG, TIFF, BMP or JPEG image").hasMessageNotContaining("\n");
        // truncated TIFF and PNG
        byte[] tiff = new TiffBuilder(64, 64).type(16, 1).page(new double[64 * 64]).build();
        Path cut = dir.resolve("cut.tif");
        Files.write(cut, Arrays.copyOf(tiff, 3000));
        assertThatThrownBy(() -> ImageFiles.readImages(cut)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.tif: ").hasMessageContaining("truncated or corrupt");
        LabelImage noiseLabels = new LabelImage(64, 64, new int[64 * 64]);
        Arrays.setAll(noiseLabels.labels(), i -> (i * 7919) % 65536);
        ImageFiles.writeLabelImage(dir.resolve("whole.tif"), noiseLabels);
        byte[] whole = Files.readAllBytes(dir.resolve("whole.tif"));
        Path cutData = dir.resolve("cutdata.tif");
        Files.write(cutData, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> ImageFiles.readLabelImages(cutData)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cutdata.tif: ").hasMessageContaining("truncated or corrupt");
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < 64 * 64; i++) {
            noise.getRaster().setSample(i % 64, i / 64, 0, (i * 7919) % 65536);
        }
        ImageFiles.writePng(dir.resolve("full.png"), noise);
        byte[] png = Files.readAllBytes(dir.resolve("full.png"));
        Path cutPng = dir.resolve("cut.png");
        Files.write(cutPng, Arrays.copyOf(png, png.length / 2));
        assertThatThrownBy(() -> ImageFiles.readImages(cutPng)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.png: cannot be read");
        // sample types without an exact reading
        Path int64 = file("int64.tif", new TiffBuilder(H, W).type(64, 1).page(ramp(0, 1)));
        assertThatThrownBy(() -> ImageFiles.readImages(int64)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("int64.tif: 64-bit samples are not supported, expected 1- to 32-bit integers or 16/32/64-bit float");
        assertThat(ImageFiles.describe(int64).bitsPerSample()).isEqualTo(64);
        // GIF: not supported
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        Path gif = dir.resolve("a.gif");
        ImageIO.write(gray, "gif", gif.toFile());
        assertThatThrownBy(() -> ImageFiles.readImages(gif)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GIF images are not supported");
        // JPEG: fine as an image, refused as labels
        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Path jpg = dir.resolve("a.jpg");
        ImageIO.write(rgb, "jpeg", jpg.toFile());
        assertThat(ImageFiles.readImage(jpg).channels()).isEqualTo(3);
        assertThatThrownBy(() -> ImageFiles.readLabelImages(jpg)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("JPEG cannot hold labels");
        // colour labels and fractional float labels
        BufferedImage colour = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(1, 2, 0xFF0000);
        ImageFiles.writePng(dir.resolve("colour.png"), colour);
        assertThatThrownBy(() -> ImageFiles.readLabelImages(dir.resolve("colour.png"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("colour label image (pixel x=1 y=2 is RGB 255,0,0)");
        Path frac = file("frac.tif", new TiffBuilder(H, W).type(32, 3).page(ramp(0, 0.5)));
        assertThatThrownBy(() -> ImageFiles.readLabelImages(frac)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label value 0.5 at x=1 y=0 is not a whole number");
        // whole-number float labels (ImageJ 32-bit label images) are fine
        assertThat(ImageFiles.readLabelImage(file("whole.tif", new TiffBuilder(H, W).type(32, 3).page(ramp(0, 2)))).get(0, 3))
                .isEqualTo(6);
    }

    @Test
    void grayRgbLabelsAreAccepted() {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 2, 0xFFFFFF);
        ImageFiles.writePng(dir.resolve("rgbmask.png"), rgb);
        LabelImage l = ImageFiles.readLabelImage(dir.resolve("rgbmask.png"));
        assertThat(l.get(2, 1)).isEqualTo(255);
        assertThat(l.max()).isEqualTo(255);
    }

    @Test
    void multiPagePngIsRefusedAndFolderListingFiltersImages() throws IOException {
        LabelImage l = LabelImage.zeros(2, 2);
        assertThatThrownBy(() -> ImageFiles.writeLabelImages(dir.resolve("x.png"), List.of(l, l), TiffCompression.NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a PNG holds one image");
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
        Path folder = Files.createDirectory(dir.resolve("f"));
        assertThatThrownBy(() -> ImageFiles.listImages(folder)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no image file");
        Files.writeString(folder.resolve("readme.txt"), "x");
        Files.writeString(folder.resolve(".hidden.png"), "x");
        ImageFiles.writeLabelImage(folder.resolve("b.TIF"), l);
        ImageFiles.writeLabelImage(folder.resolve("a.png"), l);
        assertThat(ImageFiles.listImages(folder)).extracting(p -> p.getFileName().toString()).containsExactly("a.png", "b.TIF");
    }
}
