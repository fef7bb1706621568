import {describe, expect, it} from 'vitest';
import {normalizeCommand, podsByDeployment} from '../../src/terminal/normalize';
import {splitWords} from '../../src/terminal/shell-words';

const context = {namespace: 'default', placeholders: {'pod-name': 'reviews-v1-5b6f8d9c7d-x7k2p'}};
const same = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≡  ${b}`).toBe(normalizeCommand(b, context));
const differ = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≢  ${b}`).not.toBe(normalizeCommand(b, context));

describe('splitWords', () => {
  it('reads quotes, escapes, comments, pipes and process substitution like a shell', () => {
    expect(splitWords(`kubectl get ns default -o jsonpath='{.metadata.labels}' # labels`)).toEqual([
      {kind: 'word', text: 'kubectl'}, {kind: 'word', text: 'get'}, {kind: 'word', text: 'ns'}, {kind: 'word', text: 'default'},
      {kind: 'word', text: '-o'}, {kind: 'word', text: 'jsonpath={.metadata.labels}'},
    ]);
    expect(splitWords('a "b c" d\\ e')).toEqual([{kind: 'word', text: 'a'}, {kind: 'word', text: 'b c'}, {kind: 'word', text: 'd e'}]);
    expect(splitWords('kubectl apply -f <(istioctl kube-inject -f d.yaml)')[3]).toEqual({kind: 'substitution', inner: 'istioctl kube-inject -f d.yaml'});
    expect(splitWords('a | b')[1]).toEqual({kind: 'pipe'});
  });
});

describe('normalizeCommand', () => {
  it('ignores extra spaces', () => same('  kubectl   get    virtualservice ', 'kubectl get virtualservice'));

  it('treats single, double and no quotes alike', () => {
    same(`kubectl get namespace default -o jsonpath='{.metadata.labels}'`, 'kubectl get namespace default -o jsonpath="{.metadata.labels}"');
    same(`kubectl get namespace default -o jsonpath='{.metadata.labels}'`, 'kubectl get namespace default -o jsonpath={.metadata.labels}');
  });

  it('ignores flag order and flag spelling (--flag value, --flag=value, glued short flags)', () => {
    same('kubectl get pods -n istio-system -o wide', 'kubectl get pods -o wide -n istio-system');
    same('kubectl get pods -n istio-system', 'kubectl get pods --namespace=istio-system');
    same('kubectl get pods -n istio-system', 'kubectl -n istio-system get pods');
    same('kubectl get pods -n istio-system', 'kubectl get pods -nistio-system');
    same(`kubectl get ns default -o jsonpath='{.metadata.labels}'`, `kubectl get ns default --output=jsonpath='{.metadata.labels}'`);
    same(`kubectl get ns default -o jsonpath='{.metadata.labels}'`, `kubectl get ns default -ojsonpath='{.metadata.labels}'`);
    same('kubectl get ns default -o yaml', 'kubectl get ns default -o YAML');
  });

  it('drops -n for the namespace that is the default anyway, but not for another one', () => {
    same('kubectl get virtualservice -n default', 'kubectl get virtualservice');
    same('kubectl get vs --namespace default', 'kubectl get virtualservice');
    same('istioctl analyze -n default', 'istioctl analyze');
    same('kubectl rollout restart deployment -n default', 'kubectl rollout restart deployment');
    differ('kubectl get pods -n istio-system', 'kubectl get pods');
    differ('kubectl get pods -A', 'kubectl get pods');
  });

  it('knows short, singular, plural and fully qualified resource names', () => {
    for (const name of ['vs', 'virtualservice', 'virtualservices', 'VirtualService', 'virtualservices.networking.istio.io', 'virtualservice.v1.networking.istio.io']) {
      same(`kubectl get ${name}`, 'kubectl get virtualservice');
    }
    for (const name of ['dr', 'destinationrules', 'destinationrules.networking.istio.io']) same(`kubectl get ${name}`, 'kubectl get destinationrule');
    same('kubectl get po', 'kubectl get pods');
    same('kubectl get ns default --show-labels', 'kubectl get namespace default --show-labels');
    same('kubectl get vs,dr', 'kubectl get virtualservices,destinationrules');
    differ('kubectl get vs', 'kubectl get dr');
  });

  it('reads TYPE/NAME like TYPE NAME', () => {
    same('kubectl describe pod/reviews-v1-5b6f8d9c7d-x7k2p', 'kubectl describe pod reviews-v1-5b6f8d9c7d-x7k2p');
    same('kubectl get dr/reviews -o yaml', 'kubectl get destinationrule reviews -o yaml');
    same('kubectl rollout restart deploy/reviews-v1', 'kubectl rollout restart deployment reviews-v1');
    same('kubectl label ns/default istio-injection=enabled', 'kubectl label namespace default istio-injection=enabled');
    same('kubectl logs reviews-v1-5b6f8d9c7d-x7k2p', 'kubectl logs pod/reviews-v1-5b6f8d9c7d-x7k2p');
  });

  it('expands the k alias', () => same('k get vs', 'kubectl get virtualservice'));

  it('resolves the seed\'s placeholders to the scenario\'s real names', () => {
    same('kubectl get pod <pod-name> -o jsonpath=\'{.spec.containers[*].name}\'', 'kubectl get pod reviews-v1-5b6f8d9c7d-x7k2p -o jsonpath=\'{.spec.containers[*].name}\'');
    differ('kubectl get pod <pod-name>', 'kubectl get pod reviews-v2-6c5bf657cf-n8d5w');
  });

  it('knows istioctl aliases and pod.namespace', () => {
    same('istioctl pc routes productpage-v1-6b746f74dc-rj5dg', 'istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg');
    same('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg.default', 'istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg');
    same('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg -n default', 'istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg');
    same('istioctl ps', 'istioctl proxy-status');
    differ('istioctl pc route productpage-v1-6b746f74dc-rj5dg', 'istioctl pc cluster productpage-v1-6b746f74dc-rj5dg');
  });

  it('treats the default profile and the confirmation flag as not changing an install', () => {
    same('istioctl install --set profile=default', 'istioctl install');
    same('istioctl install --set profile=default', 'istioctl install -y --set=profile=default');
    differ('istioctl install --set profile=default', 'istioctl install --set profile=demo');
  });

  it('reads `a | kubectl apply -f -` as `kubectl apply -f <(a)`', () => {
    same('istioctl kube-inject -f deployment.yaml | kubectl apply -f -', 'kubectl apply -f <(istioctl kube-inject -f deployment.yaml)');
    same('kubectl apply -f <( istioctl kube-inject --filename=deployment.yaml )', 'kubectl apply -f <(istioctl kube-inject -f deployment.yaml)');
  });

  it('reads `-f ./file` as `-f file`', () => {
    same('kubectl apply -f ./reviews-destinationrule.yaml', 'kubectl apply -f reviews-destinationrule.yaml');
    same('kubectl apply -f <(istioctl kube-inject -f ./deployment.yaml)', 'kubectl apply -f <(istioctl kube-inject -f deployment.yaml)');
    differ('kubectl apply -f ../reviews-destinationrule.yaml', 'kubectl apply -f reviews-destinationrule.yaml');
  });

  it('ignores a trailing {"\\n"} in a jsonpath template, which only ends the output with a newline', () => {
    same(`kubectl get ns default -o jsonpath='{.metadata.labels}{"\\n"}'`, `kubectl get ns default -o jsonpath='{.metadata.labels}'`);
    same(`kubectl get ns default -o jsonpath="{.metadata.labels}{'\\n'}"`, `kubectl get ns default -o jsonpath='{.metadata.labels}'`);
    differ(`kubectl get ns default -o jsonpath='{.metadata.labels}{"\\n"}{.metadata.name}'`, `kubectl get ns default -o jsonpath='{.metadata.labels}'`);
  });

  it('reads istioctl\'s deploy/NAME as the deployment\'s one known pod, in its namespace only', () => {
    const pods = {...context, deploymentPods: podsByDeployment(['productpage-v1-6b746f74dc-rj5dg', 'reviews-v1-5b6f8d9c7d-x7k2p', 'reviews-v1-84d5b6f7c9-t6wzm'])};
    const pc = (line: string): string => normalizeCommand(line, pods);
    expect(pc('istioctl pc routes deploy/productpage-v1')).toBe(pc('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg'));
    expect(pc('istioctl proxy-config route deployment/productpage-v1.default')).toBe(pc('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg'));
    expect(pc('istioctl pc route deploy/productpage-v1 -n istio-system')).not.toBe(pc('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg'));
    // Two known pods (before and after a restart): which one istioctl would pick is not recorded.
    expect(pc('istioctl pc route deploy/reviews-v1')).toContain('deploy/reviews-v1');
    expect(pc('istioctl pc route deploy/productpage')).toContain('deploy/productpage');
  });

  it('treats labels as a set', () => same('kubectl label ns default b=2 a=1', 'kubectl label ns default a=1 b=2'));

  it('ignores comments and keeps unknown programs as typed', () => {
    expect(normalizeCommand('# just a comment', context)).toBe('');
    expect(normalizeCommand('ls   -la', context)).toBe('ls -la');
  });
});
