import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onlyThisComputer, phoneReachHint, startedMessage } from '../src/remote/reach';

describe('who can open a session link', () => {
  it('is only this computer for a loopback host', () => {
    const loopback = [
      'http://127.0.0.1:7420/s/a#pair=x',
      'http://127.1.2.3:7420/s/a',
      'http://127.1:7420/s/a',
      'http://LOCALHOST:7420/s/a',
      'http://[::1]:7420/s/a',
    ];
    for (const url of loopback) {
      assert.equal(onlyThisComputer(url), true, url);
    }
  });

  it('is anyone who reaches the host otherwise, and nothing is claimed for a link that is not a URL', () => {
    const elsewhere = ['http://192.168.1.20:7420/s/a', 'https://relay.example.com/s/a', 'https://127.example.com/s/a', 'not a url'];
    for (const url of elsewhere) {
      assert.equal(onlyThisComputer(url), false, url);
    }
  });

  it('tells how a phone can open a loopback link: the relay bind in config.json, or another relay', () => {
    const hint = phoneReachHint('http://127.0.0.1:7420/s/a#pair=x', '/home/ada/.baton/config.json');
    assert.equal(
      hint,
      'Only this computer can open this link. For a phone on the same network, add "relay": {"bind": "0.0.0.0"} ' +
        'to /home/ada/.baton/config.json and reload the window; from anywhere, set baton.relay.url to a relay the phone can reach.',
    );
    assert.equal(phoneReachHint('https://relay.example.com/s/a#pair=x', '/c.json'), undefined);
  });

  it('warns that anyone on the network holding the code can join a plain-HTTP link, as the terminal does', () => {
    assert.equal(
      phoneReachHint('http://192.168.1.20:7420/s/a#pair=x', '/c.json'),
      'Anyone who can reach this address and holds the pairing code can join. ' +
        'For other networks, run a standalone relay with TLS and set baton.relay.url to it.',
    );
    assert.equal(phoneReachHint('not a url', '/c.json'), undefined);
  });

  it('announces Remote Control without the link, which VS Code would keep in its notification list', () => {
    const loopback = 'http://127.0.0.1:7420/s/a#pair=CODE&key=KEY';
    assert.equal(
      startedMessage(loopback, '/home/ada/.baton/config.json'),
      'Remote Control is on: Show QR Code or Copy Link to continue this session in a browser. ' +
        phoneReachHint(loopback, '/home/ada/.baton/config.json'),
    );
    const network = 'http://192.168.1.20:7420/s/a#pair=CODE&key=KEY';
    assert.equal(
      startedMessage(network, '/c.json'),
      'Remote Control is on: Show QR Code or Copy Link to continue this session on a phone or in a browser. ' +
        phoneReachHint(network, '/c.json'),
    );
    assert.equal(
      startedMessage('https://relay.example.com/s/a#pair=CODE&key=KEY', '/c.json'),
      'Remote Control is on: Show QR Code or Copy Link to continue this session on a phone or in a browser.',
    );
    for (const url of [loopback, network, 'https://relay.example.com/s/a#pair=CODE&key=KEY']) {
      const message = startedMessage(url, '/c.json');
      for (const secret of ['CODE', 'KEY', '#pair', '/s/a']) assert.ok(!message.includes(secret), `${secret} in: ${message}`);
    }
  });
});
