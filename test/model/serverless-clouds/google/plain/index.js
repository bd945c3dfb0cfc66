exports.hello = (req, res) => res.send('hello ' + req.query.name);
