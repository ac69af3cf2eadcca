document.body.className += " js-enabled govuk-frontend-supported";
