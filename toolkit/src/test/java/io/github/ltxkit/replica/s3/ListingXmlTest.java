package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** {@link ListingXml}: the ListObjectsV2 answers of S3 and S3-compatible stores. */
class ListingXmlTest {
    private final ListingXml xml = new ListingXml();

    private ListingXml.Page parse(String document) throws XMLStreamException {
        return xml.parse(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLastPageGivesEveryObjectWithItsSizeAndTimeAndNoToken() throws Exception {
        ListingXml.Page page = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>bucket</Name><Prefix>db/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
                  <IsTruncated>false</IsTruncated>
                  <Contents>
                    <Key>db/0000/0000000000000001-0000000000000001.ltx</Key>
                    <LastModified>2026-11-21T20:22:05.000Z</LastModified>
                    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
                    <Size>4096</Size>
                    <Owner><ID>75aa57f0</ID><DisplayName>owner</DisplayName></Owner>
                    <StorageClass>STANDARD</StorageClass>
                  </Contents>
                  <Contents>
                    <Key>db/0000/a&amp;b &lt;odd&gt;.ltx</Key>
                    <LastModified>2026-11-21T20:22:06Z</LastModified>
                    <Size>12345678901</Size>
                  </Contents>
                </ListBucketResult>
                """);

        assertThat(page.objects()).containsExactly(
                new ListingXml.ListedObject("db/0000/0000000000000001-0000000000000001.ltx", 4096,
                        Instant.parse("2026-11-21T20:22:05Z")),
                new ListingXml.ListedObject("db/0000/a&b <odd>.ltx", 12_345_678_901L,
                        Instant.parse("2026-11-21T20:22:06Z")));
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void aTruncatedPageGivesTheTokenOfTheNext() throws Exception {
        ListingXml.Page page = parse("<ListBucketResult><IsTruncated>true</IsTruncated>"
                + "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
                + "<Contents><Key>k</Key><Size>1</Size><LastModified>2026-01-01T00:00:00.5Z</LastModified></Contents>"
                + "</ListBucketResult>");

        assertThat(page.objects()).hasSize(1);
        assertThat(page.nextToken()).isEqualTo("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    }

    @Test
    void anEmptyListingHasNoObjects() throws Exception {
        assertThat(parse("<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>"
                + "</ListBucketResult>").objects()).isEmpty();
    }

    @Test
    void aTruncatedPageWithoutATokenIsRefusedRatherThanEndingTheListingEarly() {
        assertThatThrownBy(() -> parse("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("truncated but has no NextContinuationToken");
    }

    @Test
    void aBodyCutShortIsRefused() {
        assertThatThrownBy(() -> parse("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>db/00"))
                .isInstanceOf(XMLStreamException.class);
    }

    @Test
    void anotherDocumentIsRefused() {
        assertThatThrownBy(() -> parse("<Error><Code>AccessDenied</Code></Error>"))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("expected a ListBucketResult, found <Error>");
    }

    @Test
    void anObjectWithoutItsSizeIsRefused() {
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents><Key>k</Key>"
                + "<LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>"))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("lacks its Key, Size or LastModified (key k)");
    }

    @Test
    void anUnreadableSizeNamesTheObject() {
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents><Key>db/x.ltx</Key><Size>big</Size>"
                + "<LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listed object 'db/x.ltx' has an unreadable Size or LastModified: big, "
                        + "2026-01-01T00:00:00Z");
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String document = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<ListBucketResult><Contents><Key>&x;</Key><Size>1</Size>"
                + "<LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>";

        assertThatThrownBy(() -> parse(document)).isInstanceOf(XMLStreamException.class);
    }
}
