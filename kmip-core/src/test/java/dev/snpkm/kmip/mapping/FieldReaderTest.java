package dev.snpkm.kmip.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldReaderTest {
    private static final int PARENT = 0x420079;

    /** A Structure with one Integer per tag 0x420100 + i, for i in 0..count-1, plus the extra fields. */
    private static FieldReader reader(int count, Ttlv... extra) {
        List<Ttlv> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add(Ttlv.integer(0x420100 + i, i));
        }
        fields.addAll(List.of(extra));
        return new FieldReader(Ttlv.structure(PARENT, fields), KmipVersion.V2_1);
    }

    @Test
    void aSingleValuedFieldGivenTwiceIsAnInvalidMessage() {
        FieldReader r = reader(1, Ttlv.integer(0x420100, 7));
        assertThatThrownBy(() -> r.optInteger(0x420100))
                .isInstanceOfSatisfying(
                        KmipMappingException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.INVALID_MESSAGE));
    }

    @Test
    void aMissingRequiredFieldIsMissingDataAndAnAbsentOptionalOneIsNull() throws KmipMappingException {
        FieldReader r = reader(1);
        assertThat(r.optInteger(0x420200)).isNull();
        assertThatThrownBy(() -> r.integer(0x420200))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.MISSING_DATA));
    }

    @Test
    void firstUnreadIsTheFirstFieldInWireOrderWhoseTagNoMethodAskedFor() throws KmipMappingException {
        // Twenty tags read: more than the reader's first tag array holds.
        FieldReader r = reader(20, Ttlv.text(0x420300, "unknown"), Ttlv.text(0x420301, "also unknown"));
        for (int i = 0; i < 20; i++) {
            assertThat(r.integer(0x420100 + i)).isEqualTo(i);
        }
        assertThat(r.firstUnread()).isEqualTo(Ttlv.text(0x420300, "unknown"));
        r.optText(0x420300);
        assertThat(r.firstUnread()).isEqualTo(Ttlv.text(0x420301, "also unknown"));
        r.texts(0x420301);
        assertThat(r.firstUnread()).isNull();
    }

    @Test
    void allReturnsEveryInstanceInOrderAsAnUnmodifiableList() throws KmipMappingException {
        FieldReader r = reader(0, Ttlv.integer(0x420100, 1), Ttlv.text(0x420101, "x"), Ttlv.integer(0x420100, 2));
        List<Ttlv.IntegerItem> all = r.all(0x420100, Ttlv.IntegerItem.class);
        assertThat(all).extracting(Ttlv.IntegerItem::value).containsExactly(1, 2);
        assertThatThrownBy(() -> all.add(Ttlv.integer(0x420100, 3))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.firstUnread()).isEqualTo(Ttlv.text(0x420101, "x"));
    }
}
