package dev.snpkm.appliance.testing;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.AttributeFactory;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A SEV-SNP guest without the hardware: the two-step attested Get over the appliance's KMIP port, with reports
 * signed by the generated AMD hierarchy (the appliance must trust it: attestation.test-trust-roots-dir). Step 1
 * asks for the key as attestation-capable and receives a nonce in the response header; step 2 repeats the batch
 * (Register the guest's RSA public key, Get the key wrapped to it) with the report over REPORT_DATA =
 * SHA-512("KMIP-SNP-RELEASE-v1" || nonce || SHA-256(SPKI)), written out here independently of the server's code.
 */
public final class SimulatedGuest implements AutoCloseable {
    private static final KmipVersion V = KmipVersion.V2_1;

    private final KmipTransport transport;
    private final KeyPair wrappingKey;

    public SimulatedGuest(int kmipPort, Path ca, Path cert, Path key) throws Exception {
        this.transport = new KmipTransport(KmipEndpoint.parse("127.0.0.1:" + kmipPort),
                ClientTlsConfig.fromPem(ca, cert, key), TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5)).withReadTimeout(Duration.ofSeconds(30)));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        this.wrappingKey = g.generateKeyPair();
    }

    /** The Get item of step 2, after a step 1 that must have answered with a nonce. */
    public ResponseBatchItem attestedGet(String uid, byte[] launchMeasurement) throws Exception {
        ResponseMessage first = send(RequestHeader.builder(V).attestationCapable(true).build(), uid);
        Nonce nonce = first.header().nonce();
        if (nonce == null) {
            throw new AssertionError("step 1 gave no nonce: " + first.batchItems().get(1).resultReason() + " "
                    + first.batchItems().get(1).resultMessage());
        }
        SnpReportBuilder report = new SnpReportBuilder().measurement(launchMeasurement)
                .reportData(reportData(nonce.value().toByteArray(), wrappingKey.getPublic().getEncoded()));
        TestEvidence evidence = TestEvidence.generate(report, SigningKey.VCEK);
        Credential.Attestation credential = new Credential.Attestation(nonce,
                EnumCode.of(AttestationType.SEV_SNP_REPORT), Bytes.of(evidence.report()),
                Bytes.of(evidence.certTable()));
        return send(RequestHeader.builder(V).attestationCapable(true).credential(credential).build(), uid)
                .batchItems().get(1);
    }

    /** The released key's material, unwrapped with the guest's private key. */
    public byte[] unwrap(ResponseBatchItem get) throws Exception {
        var key = (ManagedObject.SymmetricKey) get.payload(Get.Response.class).orElseThrow().object();
        byte[] wrapped = ((KeyValue.Wrapped) key.keyBlock().keyValue()).bytes().toByteArray();
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        c.init(Cipher.DECRYPT_MODE, wrappingKey.getPrivate(), new OAEPParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        Ttlv.Structure keyValue = (Ttlv.Structure) new TtlvDecoder().decode(c.doFinal(wrapped));
        return ((Ttlv.ByteString) keyValue.child(Tag.KEY_MATERIAL).orElseThrow()).value();
    }

    private ResponseMessage send(RequestHeader header, String uid) throws Exception {
        Register.Request publicKey = Register.Request.of(new ManagedObject.PublicKey(new KeyBlock(
                EnumCode.of(KeyFormatType.X_509), null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(wrappingKey.getPublic().getEncoded())),
                EnumCode.of(CryptographicAlgorithm.RSA), 2048, null)), Attributes.of(
                AttributeFactory.integer("Cryptographic Usage Mask", CryptographicUsageMask.WRAP_KEY.value()),
                AttributeFactory.date("Activation Date", Instant.now().minusSeconds(5).getEpochSecond())));
        Get.Request wrappedGet = new Get.Request(UniqueIdentifier.of(uid), null, null, null,
                new KeyWrappingSpecification(EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(UniqueIdentifier.placeholder(), null), null, List.of(), null));
        RequestMessage request = RequestMessage.of(header, List.of(
                RequestBatchItem.of(Operation.REGISTER, publicKey).withId(Bytes.ofHex("01")),
                RequestBatchItem.of(Operation.GET, wrappedGet).withId(Bytes.ofHex("02"))));
        return MessageMapper.responseFromTtlv(transport.send((Ttlv.Structure) MessageMapper.toTtlv(request)));
    }

    static byte[] reportData(byte[] nonce, byte[] spki) throws Exception {
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("KMIP-SNP-RELEASE-v1".getBytes(StandardCharsets.US_ASCII));
        sha512.update(nonce);
        sha512.update(MessageDigest.getInstance("SHA-256").digest(spki));
        return sha512.digest();
    }

    @Override
    public void close() {
        transport.close();
    }
}
