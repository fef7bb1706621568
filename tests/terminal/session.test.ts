import {describe, expect, it} from 'vitest';
import {ScenarioSession} from '../../src/terminal/session';
import {loadSession, TINY} from './scenarios';
import {rowsNamed} from '../../src/terminal/table';

describe('ScenarioSession', () => {
  it('answers a recorded command with the output of the current state', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('k get po')).toMatchObject({kind: 'output', text: 'web 1/1\n'});
  });

  it('moves to the next state on a command that changed the cluster, and later commands answer from it', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('kubectl label ns default istio-injection=enabled')).toMatchObject({kind: 'output', movedTo: 'after'});
    expect(session.state).toBe('after');
    expect(session.run('kubectl get pods')).toMatchObject({kind: 'output', text: 'web 2/2\n'});
  });

  it('never invents output: an unknown command says so and lists what the session can run', () => {
    const session = new ScenarioSession(TINY);
    const reply = session.run('kubectl delete pod web');
    expect(reply.kind).toBe('unknown');
    expect(reply.text).toContain('no output for "kubectl delete pod web"');
    expect(reply.text).toContain('kubectl get pods');
    expect(reply.text).toContain('kubectl get pod web-5d9c7b8f6-abcde');
    expect(session.state).toBe('before');
  });

  it('points at an unresolved placeholder', () => {
    expect(new ScenarioSession(TINY).run('kubectl logs <name>').text).toContain('<name> is a placeholder');
  });

  it('says when a known command was not recorded in the current state', () => {
    const session = new ScenarioSession(TINY);
    session.run('kubectl label namespace default istio-injection=enabled');
    expect(session.run('kubectl label namespace default istio-injection=enabled').kind).toBe('not-in-state');
  });

  it('resets to the first state', () => {
    const session = new ScenarioSession(TINY);
    session.run('kubectl label namespace default istio-injection=enabled');
    expect(session.run('reset')).toMatchObject({kind: 'builtin', name: 'reset'});
    expect(session.state).toBe('before');
    expect(session.run('kubectl get pods').text).toBe('web 1/1\n');
  });

  it('hints the next walkthrough command not yet run', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('hint').text).toContain('kubectl get pods');
    session.run('kubectl get pods');
    expect(session.run('hint').text).toContain('kubectl label namespace default istio-injection=enabled');
    session.run('k label ns default istio-injection=enabled');
    // The walkthrough runs `kubectl get pods` again in the new state: the hint follows the story, not a set of names.
    expect(session.run('hint').text).toBe('Try: kubectl get pods\n');
    session.run('kubectl get pods');
    expect(session.run('hint').text).toContain('You have run every command');
  });

  it('completes commands, with the k alias too', () => {
    const session = new ScenarioSession(TINY);
    expect(session.complete('kubectl get p')).toEqual(['kubectl get pods', 'kubectl get pod web-5d9c7b8f6-abcde -o jsonpath={.spec.containers[*].name}']);
    expect(session.complete('k la')).toEqual(['k label namespace default istio-injection=enabled']);
    expect(session.complete('he')).toEqual(['help']);
    const traffic = new ScenarioSession(loadSession('traffic-not-routing').scenario);
    expect(traffic.complete('istioctl pc r')).toEqual(['istioctl pc route productpage-v1-6b746f74dc-rj5dg', 'istioctl pc route productpage-v1-6b746f74dc-rj5dg --name 9080', 'istioctl pc route productpage-v1-6b746f74dc-rj5dg --name 9080 -o json']);
    expect(traffic.complete('istioctl ps')).toEqual([]);
    expect(traffic.complete('istioctl p')).toContain('istioctl proxy-status');
  });

  it('lists commands and built-ins in help', () => {
    const text = new ScenarioSession(TINY).run('help').text;
    expect(text).toContain('kubectl get pods');
    expect(text).toContain('hint');
  });

  it('answers `kubectl get TYPE NAME` with the recorded table cut to those rows, laid out again as kubectl does', () => {
    const session = new ScenarioSession(loadSession('traffic-not-routing').scenario);
    expect(session.run('k get vs reviews')).toMatchObject({kind: 'output', text: 'NAME      GATEWAYS   HOSTS         AGE\nreviews              ["reviews"]   6m12s\n'});
    expect(session.run('kubectl get po/reviews-v2-5c757d5846-wf8fq -n default').text).toBe(
      'NAME                          READY   STATUS    RESTARTS   AGE\nreviews-v2-5c757d5846-wf8fq   2/2     Running   0          9m19s\n');
    // A name the table lacks, or a table with other flags, is not answered.
    expect(session.run('kubectl get pod reviews-v9-0000000000-aaaaa').kind).toBe('unknown');
    expect(session.run('kubectl get vs reviews -o wide').kind).toBe('unknown');
    expect(session.state).toBe('broken');
  });

  it('answers `kubectl label ... --overwrite` that adds a label like the recorded label', () => {
    const session = new ScenarioSession(loadSession('sidecar-not-injected').scenario);
    expect(session.run('kubectl label ns default istio-injection=enabled --overwrite')).toMatchObject({kind: 'output', text: 'namespace/default labeled\n', movedTo: 'labelled-first'});
    // Another value would change the label: not recorded, so not answered.
    expect(session.run('kubectl label namespace default istio-injection=disabled --overwrite').kind).toBe('unknown');
    expect(session.state).toBe('labelled-first');
  });

  it('answers a relabel as label.go does: the same value is `not labeled` (exit 0), only another value needs --overwrite', () => {
    const session = new ScenarioSession(loadSession('sidecar-not-injected').scenario);
    session.run('kubectl label namespace default istio-injection=enabled');
    expect(session.state).toBe('labelled-first');
    // validateNoOverwrites refuses `found && currValue != value`: the value a label has is no error, with --overwrite or without.
    for (const line of ['kubectl label namespace default istio-injection=enabled', 'k label ns/default istio-injection=enabled --overwrite', 'kubectl label ns default kubernetes.io/metadata.name=default']) {
      expect(session.run(line), line).toMatchObject({kind: 'output', text: 'namespace/default not labeled\n'});
    }
    expect(session.run('kubectl label namespace default istio-injection=disabled').text).toBe("error: 'istio-injection' already has a value (enabled), and --overwrite is false\n");
    expect(session.run('kubectl label namespace default istio-injection=disabled extra=yes').text).toBe("error: 'istio-injection' already has a value (enabled), and --overwrite is false\n");
    // Adding a label the recording never added changes the cluster in a way it did not record.
    expect(session.run('kubectl label namespace default extra=yes').kind).toBe('unknown');
    expect(session.state).toBe('labelled-first');
  });

  it('knows the labels from whatever the state records: a --show-labels table, in a session that never relabels', () => {
    const session = new ScenarioSession(loadSession('installation').scenario);
    expect(session.run('kubectl label ns default kubernetes.io/metadata.name=default').text).toBe('namespace/default not labeled\n');
    expect(session.run('kubectl label ns default kubernetes.io/metadata.name=other').text).toBe("error: 'kubernetes.io/metadata.name' already has a value (default), and --overwrite is false\n");
    // Without labels recorded for the object in this state, nothing is told.
    const tiny = new ScenarioSession(TINY);
    expect(tiny.run('kubectl label ns default team=a').kind).toBe('unknown');
  });

  it('answers the commands the traffic page suggests: analyze across namespaces, and pods with their labels', () => {
    const session = new ScenarioSession(loadSession('traffic-not-routing').scenario);
    expect(session.run('istioctl analyze -A').text).toContain('Error: Analyzers found issues when analyzing all namespaces.');
    const labels = session.run('k get po --show-labels -l app=reviews').text;
    expect(labels.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/);
    expect(labels).toContain('service.istio.io/canonical-revision=v2,version=v2');
    session.run('kubectl apply -f reviews-destinationrule.yaml');
    // istioctl prints its (empty) message list with Fprintln before the stderr line: a blank line first.
    expect(session.run('istioctl analyze --all-namespaces').text).toBe('\n\u2714 No validation issues found when analyzing all namespaces.\n');
  });

  it('answers istioctl about deploy/NAME with the deployment\'s pod', () => {
    const session = new ScenarioSession(loadSession('traffic-not-routing').scenario);
    expect(session.run('istioctl pc routes deploy/productpage-v1').text).toContain('reviews.default.svc.cluster.local:9080');
  });
});

describe('istioctl install -y', () => {
  it('answers without the confirmation question the recording answered', () => {
    const asked = new ScenarioSession(loadSession('installation').scenario).run('istioctl install --set profile=default').text;
    const skipped = new ScenarioSession(loadSession('installation').scenario).run('istioctl install -y').text;
    expect(asked).toContain('Proceed? (y/N) y\n');
    expect(skipped).not.toContain('Proceed?');
    expect(skipped).toContain('✔ Istio core installed ⛵️\n✔ Istiod installed 🧠\n✔ Ingress gateways installed 🛬\n✔ Installation complete\n');
  });
});

describe('rowsNamed', () => {
  const pods = 'NAME                              READY   STATUS    RESTARTS   AGE\nproductpage-v1-6b746f74dc-rj5dg   2/2     Running   0          9m21s\nratings-v1-66b7c8f4d9-lxw7s       2/2     Running   0          9m21s\n';
  it('keeps the asked rows in the asked order and narrows the columns to them', () => {
    expect(rowsNamed(pods, ['ratings-v1-66b7c8f4d9-lxw7s', 'productpage-v1-6b746f74dc-rj5dg'])).toBe(
      'NAME                              READY   STATUS    RESTARTS   AGE\nratings-v1-66b7c8f4d9-lxw7s       2/2     Running   0          9m21s\nproductpage-v1-6b746f74dc-rj5dg   2/2     Running   0          9m21s\n');
    expect(rowsNamed(pods, ['ratings-v1-66b7c8f4d9-lxw7s'])).toBe('NAME                          READY   STATUS    RESTARTS   AGE\nratings-v1-66b7c8f4d9-lxw7s   2/2     Running   0          9m21s\n');
  });
  it('refuses a missing name and anything that is not a NAME table', () => {
    expect(rowsNamed(pods, ['web'])).toBeUndefined();
    expect(rowsNamed('No resources found in default namespace.\n', ['web'])).toBeUndefined();
  });
});
