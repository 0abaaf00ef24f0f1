/*
 * Decodes an H.264 Annex-B file with Cisco's OpenH264 (libopenh264, a decoder that shares no code
 * with libavcodec) and writes every picture as I420 to stdout. Exit status 1 with a message on
 * stderr at the first access unit OpenH264 does not decode without error.
 * Build: gcc -O1 -o openh264dec openh264dec.c -lopenh264
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wels/codec_api.h>

static long start_code(const unsigned char *s, long n, long i) {
    for (; i + 2 < n; i++) {
        if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
            return i;
        }
    }
    return n;
}

static void write_picture(unsigned char **planes, const SBufferInfo *info) {
    int w = info->UsrData.sSystemBuffer.iWidth;
    int h = info->UsrData.sSystemBuffer.iHeight;
    for (int p = 0; p < 3; p++) {
        int stride = info->UsrData.sSystemBuffer.iStride[p == 0 ? 0 : 1];
        int pw = p == 0 ? w : w / 2;
        int ph = p == 0 ? h : h / 2;
        for (int y = 0; y < ph; y++) {
            fwrite(planes[p] + (long) y * stride, 1, pw, stdout);
        }
    }
}

static int decode(ISVCDecoder *dec, const unsigned char *au, long len, long index) {
    unsigned char *planes[3] = {0};
    SBufferInfo info;
    memset(&info, 0, sizeof info);
    DECODING_STATE state = (*dec)->DecodeFrameNoDelay(dec, au, (int) len, planes, &info);
    if (state != dsErrorFree) {
        fprintf(stderr, "openh264: access unit %ld: decoding state 0x%x\n", index, state);
        return 1;
    }
    if (info.iBufferStatus == 1) {
        write_picture(planes, &info);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: openh264dec FILE.h264 > out.yuv\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *s = malloc(n > 0 ? n : 1);
    if (s == NULL || fread(s, 1, n, f) != (size_t) n) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);

    ISVCDecoder *dec = NULL;
    if (WelsCreateDecoder(&dec) != 0 || dec == NULL) {
        fprintf(stderr, "WelsCreateDecoder failed\n");
        return 1;
    }
    SDecodingParam param;
    memset(&param, 0, sizeof param);
    param.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC;
    param.eEcActiveIdc = ERROR_CON_DISABLE;
    if ((*dec)->Initialize(dec, &param) != 0) {
        fprintf(stderr, "openh264 Initialize failed\n");
        return 1;
    }

    /* An access unit ends where a non-VCL NAL (SEI, SPS, PPS, AUD) or a slice starting at
     * macroblock 0 follows a slice. */
    int rc = 0;
    long au = -1;
    long aus = 0;
    int has_slice = 0;
    for (long i = start_code(s, n, 0); i < n && rc == 0;) {
        long next = start_code(s, n, i + 3);
        int type = i + 3 < n ? (s[i + 3] & 0x1F) : 0;
        int slice = type == 1 || type == 5;
        int first_mb_zero = slice && i + 4 < n && (s[i + 4] & 0x80) != 0;
        int starts_au = (!slice && (type == 6 || type == 7 || type == 8 || type == 9)) || first_mb_zero;
        if (au < 0) {
            au = i;
        } else if (has_slice && starts_au) {
            rc = decode(dec, s + au, i - au, aus++);
            au = i;
            has_slice = 0;
        }
        has_slice |= slice;
        i = next;
    }
    if (rc == 0 && au >= 0 && has_slice) {
        rc = decode(dec, s + au, n - au, aus++);
    }
    int remaining = 0;
    (*dec)->GetOption(dec, DECODER_OPTION_NUM_OF_FRAMES_REMAINING_IN_BUFFER, &remaining);
    for (int k = 0; rc == 0 && k < remaining; k++) {
        unsigned char *planes[3] = {0};
        SBufferInfo info;
        memset(&info, 0, sizeof info);
        if ((*dec)->FlushFrame(dec, planes, &info) != dsErrorFree) {
            fprintf(stderr, "openh264: flushing failed\n");
            rc = 1;
        } else if (info.iBufferStatus == 1) {
            write_picture(planes, &info);
        }
    }
    (*dec)->Uninitialize(dec);
    WelsDestroyDecoder(dec);
    free(s);
    return rc;
}
