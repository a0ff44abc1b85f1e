// The focal point on a library image's change page (pictures/admin.py): clicking the picture sets
// the two number fields, which stay the keyboard's way to set it; the marker and the crop previews
// follow either. The previews cut the picture as pictures/renditions.py's crop_box does.
'use strict';
{
    function clamp(value) {
        return Math.min(1, Math.max(0, value));
    }

    function cropBox(width, height, across, down, x, y) {
        let w = width, h = height;
        if (width * down > height * across) {
            w = height * across / down;
        } else {
            h = width * down / across;
        }
        const left = Math.min(Math.max(x * width - w / 2, 0), width - w);
        const top = Math.min(Math.max(y * height - h / 2, 0), height - h);
        return {left, top, w, h};
    }

    function setUp(root) {
        const picture = root.querySelector('[data-focal-picture]');
        const marker = root.querySelector('[data-focal-marker]');
        const fieldX = document.getElementById('id_focal_x');
        const fieldY = document.getElementById('id_focal_y');
        if (!picture || !fieldX || !fieldY) {
            return;
        }

        function draw() {
            const x = clamp(parseFloat(fieldX.value) || 0);
            const y = clamp(parseFloat(fieldY.value) || 0);
            marker.style.left = (x * 100) + '%';
            marker.style.top = (y * 100) + '%';
            marker.hidden = false;
            const width = picture.naturalWidth, height = picture.naturalHeight;
            if (!width || !height) {
                return;
            }
            root.querySelectorAll('[data-crop]').forEach(function(preview) {
                const [across, down] = preview.dataset.crop.split(':').map(Number);
                const box = cropBox(width, height, across, down, x, y);
                const image = preview.querySelector('img');
                const scale = preview.clientWidth / box.w;
                image.style.width = (width * scale) + 'px';
                image.style.height = (height * scale) + 'px';
                image.style.left = (-box.left * scale) + 'px';
                image.style.top = (-box.top * scale) + 'px';
            });
        }

        picture.addEventListener('click', function(event) {
            const rect = picture.getBoundingClientRect();
            fieldX.value = clamp((event.clientX - rect.left) / rect.width).toFixed(3);
            fieldY.value = clamp((event.clientY - rect.top) / rect.height).toFixed(3);
            draw();
            root.querySelector('[data-focal-status]').textContent =
                'Focal point set to ' + fieldX.value + ' across, ' + fieldY.value + ' down. Save to keep it.';
        });
        fieldX.addEventListener('input', draw);
        fieldY.addEventListener('input', draw);
        if (picture.complete) {
            draw();
        } else {
            picture.addEventListener('load', draw);
        }
        window.addEventListener('resize', draw);
    }

    document.addEventListener('DOMContentLoaded', function() {
        document.querySelectorAll('[data-focal-point]').forEach(setUp);
    });
}
