// A connection the server closes after answering (a 413 says `Connection: close` so as
// not to read a huge body) may still have the client's upload arriving. Closing the
// socket with unread data makes the kernel send a reset, and a reset can make the client
// drop the answer it has not read yet: the donor sees "connection reset" instead of the
// localized 413. So, as nginx's lingering close does: send the answer and the end of
// the stream, keep reading (Node throws the request's rest away) until the client hangs
// up, and close for good after `ms` at most. Memory does not grow: nothing is kept.

/** Makes Node's http server close `socket` with a linger instead of at once. */
export function lingerOnClose(socket, ms = 2000) {
  socket.destroySoon = function lingeringDestroySoon() {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), ms);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
  };
}
