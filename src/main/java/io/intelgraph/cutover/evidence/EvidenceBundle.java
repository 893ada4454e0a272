package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Seals the evidence: every evidence file and every Allure result file is listed with its SHA-256
 * and size in a manifest, the manifest is signed (JWS), and all of it is packed into {@code
 * cutover-evidence-<release>.zip}. The public key is written beside it as {@code
 * cutover-evidence-<release>.public.jwk.json}; the private key never is. {@link EvidenceVerifier}
 * (command {@code verify-evidence}) checks a bundle later. The day-3 closeout seals its own bundle
 * ({@link #closeout}, {@code cutover-closeout-<release>.zip}) the same way, its manifest chained to
 * the T+120 bundle by that bundle's manifest digest ({@link BundleChain} checks the link).
 *
 * <pre>{@code
 * EvidenceBundle.Sealed sealed = new EvidenceBundle("v1.0.0-GA", SigningKey.from(env.evidence()), Clock.systemUTC())
 *     .seal(Path.of("target"), List.of(
 *         new EvidenceBundle.Source("evidence", Path.of("target/cutover-evidence/v1.0.0-GA")),
 *         new EvidenceBundle.Source("allure-results", Path.of("target/allure-results"))));
 * }</pre>
 *
 * <p>Zip layout: {@code manifest.json}, {@code manifest.jws}, then each source's files under its
 * prefix. Only what exists at sealing time is covered: seal after the last result to be audited was
 * written.
 */
public final class EvidenceBundle {

  /** A directory whose files go into the bundle under {@code prefix/}. */
  public record Source(String prefix, Path directory) {
    public Source {
      if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new IllegalArgumentException(
            "bundle prefix '%s' must be lower case letters, digits, . _ -, e.g. allure-results"
                .formatted(prefix));
      }
    }
  }

  /** What sealing produced. */
  public record Sealed(Path zip, Path publicJwk, Manifest manifest) {}

  /**
   * Which record of the release a bundle seals: the T+120 evidence ({@code cutover-evidence-*}), or
   * the day-3 closeout ({@code cutover-closeout-*}), which is chained to the T+120 bundle.
   */
  public enum Stage {
    EVIDENCE("cutover-evidence", "T+120 evidence"),
    CLOSEOUT("cutover-closeout", "day-3 closeout");

    private final String prefix;
    private final String title;

    Stage(String prefix, String title) {
      this.prefix = prefix;
      this.title = title;
    }

    /** The bundle's file name for a release, e.g. {@code cutover-closeout-v1.0.0-GA.zip}. */
    public String zipName(String release) {
      return prefix + "-" + release + ".zip";
    }

    /** The public key's file name for a release. */
    public String publicKeyName(String release) {
      return prefix + "-" + release + ".public.jwk.json";
    }

    /** "day-3 closeout", for messages. */
    public String title() {
      return title;
    }

    boolean names(String fileName) {
      return fileName.startsWith(prefix + "-")
          && (fileName.endsWith(".zip") || fileName.endsWith(".public.jwk.json"));
    }
  }

  private final Stage stage;
  private final String release;
  private final SigningKey key;
  private final Clock clock;
  private final Manifest.Chain chainedTo;

  /** The T+120 evidence bundle of a release. */
  public EvidenceBundle(String release, SigningKey key, Clock clock) {
    this(Stage.EVIDENCE, release, key, clock, null);
  }

  private EvidenceBundle(
      Stage stage, String release, SigningKey key, Clock clock, Manifest.Chain chainedTo) {
    if (release == null || !release.matches("[A-Za-z0-9._+-]+")) {
      throw new IllegalArgumentException(
          "release tag '%s' may hold only letters, digits and . _ + -".formatted(release));
    }
    this.stage = stage;
    this.release = release;
    this.key = key;
    this.clock = clock;
    this.chainedTo = chainedTo;
  }

  /**
   * The day-3 closeout bundle of a release, its manifest chained to the T+120 bundle {@code
   * previous} (see {@link Manifest.Chain}).
   */
  public static EvidenceBundle closeout(
      String release, SigningKey key, Clock clock, Manifest.Chain previous) {
    return new EvidenceBundle(
        Stage.CLOSEOUT,
        release,
        key,
        clock,
        java.util.Objects.requireNonNull(previous, "the T+120 bundle a closeout is chained to"));
  }

  /** The T+120 bundle's file name for a release. */
  public static String zipName(String release) {
    return Stage.EVIDENCE.zipName(release);
  }

  /** The T+120 public key's file name for a release. */
  public static String publicKeyName(String release) {
    return Stage.EVIDENCE.publicKeyName(release);
  }

  /**
   * Removes every bundle and public key of both stages ({@code cutover-evidence-*.zip}, {@code
   * cutover-closeout-*.zip} and their {@code .public.jwk.json}) from {@code outputDirectory},
   * before an evidence phase seals its own. The bundles are named by release, so one left from
   * another attempt (or an earlier run that this one replaces) would be uploaded by the CI
   * templates' {@code cutover-evidence-*.zip} as if it were this attempt's; removing them first
   * means that even if sealing fails, no bundle stands for this attempt but its own. A closeout
   * bundle goes too: it is chained to the T+120 bundle being replaced.
   *
   * @return the files removed, for the phase to say what it removed
   */
  public static List<Path> removeEarlierBundles(Path outputDirectory) {
    return removeEarlierBundles(outputDirectory, Stage.values());
  }

  /** As {@link #removeEarlierBundles(Path)}, for the bundles of the given stages only. */
  public static List<Path> removeEarlierBundles(Path outputDirectory, Stage... stages) {
    if (!Files.isDirectory(outputDirectory)) return List.of();
    List<Path> removed = new ArrayList<>();
    try (var files = Files.list(outputDirectory)) {
      for (Path file :
          files.filter(file -> isBundleFile(file, List.of(stages))).sorted().toList()) {
        Files.delete(file);
        removed.add(file);
      }
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot remove the earlier evidence bundles in %s (%s); remove %s there by hand so CI cannot upload one as this attempt's"
              .formatted(
                  outputDirectory,
                  e.getMessage(),
                  java.util.Arrays.stream(stages)
                      .map(stage -> stage.zipName("*"))
                      .collect(java.util.stream.Collectors.joining(" and "))),
          e);
    }
    return List.copyOf(removed);
  }

  private static boolean isBundleFile(Path file, List<Stage> stages) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && stages.stream().anyMatch(stage -> stage.names(name));
  }

  /**
   * Hashes, signs and packs the sources into {@code outputDirectory}.
   *
   * @throws EvidenceException if a source directory is missing, two sources share a prefix, or a
   *     file cannot be read
   */
  public Sealed seal(Path outputDirectory, List<Source> sources) {
    Path zip = outputDirectory.resolve(stage.zipName(release));
    Path publicJwk = outputDirectory.resolve(stage.publicKeyName(release));
    Map<String, Path> files =
        collect(
            sources,
            List.of(zip.toAbsolutePath().normalize(), publicJwk.toAbsolutePath().normalize()));

    List<Manifest.Entry> entries = new ArrayList<>();
    Map<String, byte[]> contents = new LinkedHashMap<>();
    files.forEach(
        (path, file) -> {
          byte[] content = read(file);
          contents.put(path, content);
          entries.add(new Manifest.Entry(path, Digests.sha256(content), content.length));
        });
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Manifest manifest =
        new Manifest(release, created, key.algorithm().getName(), key.keyId(), entries, chainedTo);
    byte[] manifestJson = JsonMappers.SNAKE_CASE.writeValueAsBytes(manifest);
    String jws = key.sign(manifestJson);

    try {
      Files.createDirectories(outputDirectory);
      try (OutputStream out = Files.newOutputStream(zip);
          ZipOutputStream packed = new ZipOutputStream(out)) {
        put(packed, Manifest.JSON, manifestJson, created);
        put(packed, Manifest.JWS, jws.getBytes(StandardCharsets.US_ASCII), created);
        for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
          put(packed, entry.getKey(), entry.getValue(), created);
        }
      }
      Files.writeString(publicJwk, key.publicJwk().toJSONString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot write the evidence bundle %s (%s); check free space and permissions"
              .formatted(zip, e.getMessage()),
          e);
    }
    return new Sealed(zip, publicJwk, manifest);
  }

  private static Map<String, Path> collect(List<Source> sources, List<Path> outputs) {
    Map<String, Path> files = new LinkedHashMap<>();
    List<String> prefixes = new ArrayList<>();
    for (Source source : sources) {
      if (prefixes.contains(source.prefix())) {
        throw new EvidenceException(
            "two bundle sources share the prefix '%s'; give each its own"
                .formatted(source.prefix()));
      }
      prefixes.add(source.prefix());
      if (!Files.isDirectory(source.directory())) {
        throw new EvidenceException(
            "bundle source '%s': %s is not a directory; run the phases that write it first, or drop the source"
                .formatted(source.prefix(), source.directory()));
      }
      try (Stream<Path> walk = Files.walk(source.directory())) {
        walk.filter(Files::isRegularFile)
            .filter(file -> !outputs.contains(file.toAbsolutePath().normalize()))
            .sorted(Comparator.comparing(file -> source.directory().relativize(file).toString()))
            .forEach(
                file ->
                    files.put(source.prefix() + "/" + relative(source.directory(), file), file));
      } catch (IOException e) {
        throw new EvidenceException(
            "cannot list bundle source %s (%s)".formatted(source.directory(), e.getMessage()), e);
      }
    }
    return files;
  }

  private static String relative(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    root.relativize(file).forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot read evidence file %s (%s)".formatted(file, e.getMessage()), e);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] content, Instant time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setLastModifiedTime(FileTime.from(time));
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }
}
