package io.intelgraph.cutover.preflight;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a resolver for the public host's A records, the way {@code dig} does, and reports every
 * record it saw (answer and authority sections) with its TTL, so "TTL <= 300 s" is checked on what
 * clients really cache (including a CNAME in front of the load balancer). NXDOMAIN, SERVFAIL, an
 * empty answer or an answer without A/AAAA/CNAME records is a {@link Resolution#problem() problem},
 * never a TTL of 0.
 */
public final class DnsProbe {

  /** The record types that make a name resolve to the load balancer. */
  private static final Set<String> ADDRESSING = Set.of("A", "AAAA", "CNAME");

  /** One record: owner name, type, TTL and data. */
  public record Answer(String name, String type, Duration ttl, String data) {
    @Override
    public String toString() {
      return "%s %s %ds %s".formatted(name, type, ttl.toSeconds(), data);
    }
  }

  /**
   * The answer to one question.
   *
   * @param rcode the response code, e.g. NOERROR, NXDOMAIN, SERVFAIL
   * @param answers the answer section
   * @param authority the authority section (for a negative answer: the zone's SOA)
   */
  public record Resolution(
      String host, String resolver, String rcode, List<Answer> answers, List<Answer> authority) {
    public Resolution {
      answers = List.copyOf(answers);
      authority = List.copyOf(authority);
    }

    public List<String> addresses() {
      return answers.stream()
          .filter(a -> a.type().equals("A") || a.type().equals("AAAA"))
          .map(Answer::data)
          .toList();
    }

    /** Why this answer does not resolve the host, if it does not. */
    public Optional<String> problem() {
      if (!rcode.equals("NOERROR")) {
        return Optional.of(
            rcode.equals("NXDOMAIN")
                ? "NXDOMAIN: the name does not exist; create the record in the public zone"
                : rcode + ": the resolver could not answer; check the zone's name servers");
      }
      if (answers.isEmpty()) {
        return Optional.of(
            "empty answer (NOERROR, no records): the name exists but has no A record; point it at the load balancer");
      }
      if (answers.stream().noneMatch(a -> ADDRESSING.contains(a.type()))) {
        return Optional.of(
            "no A, AAAA or CNAME record in the answer; point the name at the load balancer");
      }
      return Optional.empty();
    }

    /**
     * The longest TTL of the A/AAAA/CNAME records seen: what a client may cache longest; empty when
     * there are none.
     */
    public Optional<Duration> maxTtl() {
      return answers.stream()
          .filter(a -> ADDRESSING.contains(a.type()))
          .map(Answer::ttl)
          .max(Duration::compareTo);
    }

    /**
     * Why the TTL cannot be judged ({@link #problem()}) or is above {@code limit}; empty when the
     * longest TTL seen is within it.
     */
    public Optional<String> ttlProblem(Duration limit) {
      Optional<String> problem = problem();
      if (problem.isPresent()) {
        return Optional.of("no TTL to judge: " + problem.get());
      }
      Duration longest = maxTtl().orElseThrow();
      return longest.compareTo(limit) > 0
          ? Optional.of(
              "longest TTL seen is %d s, above %d s: clients may cache the old address that long after a failover; lower the record's TTL"
                  .formatted(longest.toSeconds(), limit.toSeconds()))
          : Optional.empty();
    }

    /** What was asked and every record seen, for failure messages and evidence. */
    public String describe() {
      return "A %s from %s: %s; answer: %s; authority: %s"
          .formatted(
              host,
              resolver,
              rcode,
              answers.isEmpty() ? "(none)" : answers,
              authority.isEmpty() ? "(none)" : authority);
    }
  }

  private final Optional<String> resolverAddress;
  private final Duration timeout;

  public DnsProbe(Optional<String> resolverAddress, Duration timeout) {
    this.resolverAddress = resolverAddress;
    this.timeout = timeout;
  }

  public Resolution resolve(String host) {
    Resolver resolver = resolver();
    try {
      Message query =
          Message.newQuery(
              Record.newRecord(
                  Name.fromString(host.endsWith(".") ? host : host + "."),
                  Type.A,
                  org.xbill.DNS.DClass.IN));
      Message response = resolver.send(query);
      return new Resolution(
          host,
          describe(),
          Rcode.string(response.getRcode()),
          records(response, Section.ANSWER),
          records(response, Section.AUTHORITY));
    } catch (TextParseException e) {
      throw new PreflightException(
          "`endpoints.public_host` '%s' is not a DNS name".formatted(host), e);
    } catch (IOException e) {
      throw new PreflightException(
          "DNS query for %s to %s failed within %s ms: %s"
              .formatted(host, describe(), timeout.toMillis(), e.getMessage()),
          e);
    }
  }

  private static List<Answer> records(Message response, int section) {
    List<Answer> records = new ArrayList<>();
    for (Record record : response.getSection(section)) {
      records.add(
          new Answer(
              record.getName().toString(),
              Type.string(record.getType()),
              Duration.ofSeconds(record.getTTL()),
              record.rdataToString()));
    }
    return records;
  }

  private Resolver resolver() {
    Resolver resolver;
    if (resolverAddress.isPresent()) {
      String[] hostPort = resolverAddress.get().split(":");
      resolver =
          new SimpleResolver(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
    } else {
      resolver = new ExtendedResolver();
    }
    resolver.setTimeout(timeout);
    return resolver;
  }

  private String describe() {
    return resolverAddress.map(a -> "resolver " + a).orElse("the system resolvers");
  }
}
