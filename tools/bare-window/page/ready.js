// The figures test waits for the same signal as it does from the console.
document.body.dataset.ready = 'true';
